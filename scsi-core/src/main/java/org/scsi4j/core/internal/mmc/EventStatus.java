package org.scsi4j.core.internal.mmc;

import java.nio.ByteBuffer;
import org.scsi4j.core.internal.command.Cdb;
import org.scsi4j.core.internal.command.CommandContext;
import org.scsi4j.core.internal.command.CommandHandler;
import org.scsi4j.core.internal.medium.MediumState;

/**
 * GET EVENT STATUS NOTIFICATION (MMC-6), polled operation only: POLLED=0 (asynchronous
 * notification) is INVALID FIELD IN CDB, as MMC allows. The one event class supported is Media
 * (SUPPORTED EVENT CLASSES 10h):
 * <ul>
 *   <li>Media requested (bit 4 of NOTIFICATION CLASS REQUEST): the event status header with
 *       NOTIFICATION CLASS 100b and a media event descriptor - the event this I_T nexus has not
 *       seen yet (NEW MEDIA, MEDIA REMOVAL, EJECT REQUEST) or NO CHANGE, and the MEDIA STATUS
 *       (MEDIA PRESENT, DOOR OR TRAY OPEN). Reporting the event clears it for this nexus; an
 *       allocation length too short for the descriptor leaves it pending.</li>
 *   <li>Media not requested: the header alone with NEA=1 (no event available of the requested
 *       classes).</li>
 * </ul>
 * Linux's sr driver polls exactly this (media class, allocation length 8) to notice media changes.
 */
final class EventStatus implements CommandHandler {
    static final CommandHandler HANDLER = new EventStatus();

    static final int POLLED = 0x01;
    static final int MEDIA_CLASS_REQUEST = 1 << 4;
    static final int SUPPORTED_CLASSES = MEDIA_CLASS_REQUEST;
    static final int CLASS_MEDIA = 4;
    static final int NEA = 0x80;
    static final int HEADER = 4;
    static final int WITH_MEDIA_DESCRIPTOR = 8;
    static final int MEDIA_PRESENT = 0x02;
    static final int TRAY_OPEN = 0x01;

    private EventStatus() {
    }

    @Override
    public boolean validate(CommandContext ctx) {
        if ((ctx.cdb()[1] & POLLED) == 0) {
            ctx.invalidFieldInCdb(1, 0);
            return false;
        }
        return true;
    }

    @Override
    public void execute(CommandContext ctx) {
        byte[] cdb = ctx.cdb();
        int requested = Cdb.u8(cdb, 4);
        int allocationLength = Cdb.u16(cdb, 7);
        ByteBuffer b = ctx.parameterData(WITH_MEDIA_DESCRIPTOR);
        if (b == null) {
            ctx.completeBusy();
            return;
        }
        b.put(3, (byte) SUPPORTED_CLASSES);
        if ((requested & MEDIA_CLASS_REQUEST) == 0) {
            b.putShort(0, (short) (HEADER - 2));         // EVENT DESCRIPTOR LENGTH: header only
            b.put(2, (byte) NEA);
            ctx.completeDataIn(HEADER, allocationLength);
            return;
        }
        MediumState m = ctx.lu().medium();
        int event = m.mediaEvent(ctx.nexus(), allocationLength >= WITH_MEDIA_DESCRIPTOR);
        b.putShort(0, (short) (WITH_MEDIA_DESCRIPTOR - 2));
        b.put(2, (byte) CLASS_MEDIA);
        b.put(4, (byte) event);                           // MEDIA EVENT CODE
        b.put(5, (byte) ((m.present() ? MEDIA_PRESENT : 0) | (m.trayOpen() ? TRAY_OPEN : 0)));
        // bytes 6-7: START SLOT, END SLOT 0 (no changer)
        ctx.completeDataIn(WITH_MEDIA_DESCRIPTOR, allocationLength);
    }
}
