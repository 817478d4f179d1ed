package org.scsi4j.core.internal.command;

/**
 * Executes one command (or one family sharing a handler). Handlers are stateless and shared by
 * every task; per-task state lives in the {@link CommandContext}. Both methods run on the task's
 * owner thread and must not block.
 */
public interface CommandHandler {

    /**
     * Checks the CDB beyond the generic usage-map validation (LBA range, lengths, fields whose
     * valid values depend on others, write protection) before any data-out is transferred.
     *
     * @return true to go on; false when the handler already completed the task (with an error)
     */
    default boolean validate(CommandContext ctx) {
        return true;
    }

    /**
     * Executes the command once the task set enables it and its data-out (if any) has arrived.
     * Must complete the task, now or from an I/O continuation.
     */
    void execute(CommandContext ctx);
}
