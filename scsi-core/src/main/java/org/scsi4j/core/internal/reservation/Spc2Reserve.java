package org.scsi4j.core.internal.reservation;

import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.spi.transport.ScsiStatus;

/**
 * RESERVE(6)/(10) and RELEASE(6)/(10) (SPC-2 §5.5.1, §6.21–6.24): logical unit reservations of
 * one I_T nexus. Third-party reservations and extents are not implemented; their CDB bits are
 * outside the usage maps, so the engine answers INVALID FIELD IN CDB for them. While persistent
 * registrations exist, SPC-4 §5.13.3 decides ({@link Reservations#reserve}).
 */
final class Spc2Reserve implements CommandHandler {
    static final CommandHandler RESERVE = new Spc2Reserve(true);
    static final CommandHandler RELEASE = new Spc2Reserve(false);

    private final boolean reserve;

    private Spc2Reserve(boolean reserve) {
        this.reserve = reserve;
    }

    @Override
    public void execute(CommandContext ctx) {
        Reservations r = ctx.lu().reservations();
        Reservations.Spc2Outcome o = reserve ? r.reserve(ctx.nexus()) : r.release(ctx.nexus());
        if (o == Reservations.Spc2Outcome.GOOD) {
            ctx.completeGood();
        } else {
            ctx.completeStatus(ScsiStatus.RESERVATION_CONFLICT);
        }
    }
}
