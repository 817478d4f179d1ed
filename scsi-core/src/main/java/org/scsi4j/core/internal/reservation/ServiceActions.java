package org.scsi4j.core.internal.reservation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.scsi4j.core.internal.engine.NexusView;
import org.scsi4j.core.internal.reservation.TransportIds.TransportId;
import org.scsi4j.core.internal.sense.SenseReason;

/**
 * The PERSISTENT RESERVE OUT service actions (SPC-4 §6.16.2, semantics in §5.13) as pure
 * functions from one {@link PrState} to the next. {@link Reservations} runs them under its lock and
 * publishes the result; nothing here touches a nexus or a file.
 */
final class ServiceActions {
    static final int REGISTER = 0x00;
    static final int RESERVE = 0x01;
    static final int RELEASE = 0x02;
    static final int CLEAR = 0x03;
    static final int PREEMPT = 0x04;
    static final int PREEMPT_AND_ABORT = 0x05;
    static final int REGISTER_AND_IGNORE_EXISTING_KEY = 0x06;
    static final int REGISTER_AND_MOVE = 0x07;

    /** Registrations a logical unit holds at most (beyond: INSUFFICIENT REGISTRATION RESOURCES). */
    static final int MAX_REGISTRATIONS = 1024;

    /** CDB byte 2 holds SCOPE (bits 7..4) and TYPE (bits 3..0). */
    private static final int SCOPE_TYPE_BYTE = 2;
    /** Parameter list byte 8: SERVICE ACTION RESERVATION KEY. */
    private static final int SA_KEY_BYTE = 8;

    /**
     * One decoded PERSISTENT RESERVE OUT command.
     *
     * @param moveRelativePortId REGISTER AND MOVE: RELATIVE TARGET PORT IDENTIFIER
     * @param transportIds       SPEC_I_PT initiator ports, or the REGISTER AND MOVE destination
     */
    record Request(int serviceAction, int scope, int type, long key, long serviceActionKey, boolean specIPt,
                   boolean allTgPt, boolean aptpl, boolean unreg, int moveRelativePortId,
                   List<TransportId> transportIds, List<Integer> targetPorts) {
    }

    /** A unit attention to post to the I_T nexuses {@code to} selects. */
    record Attention(SenseReason reason, Predicate<NexusView> to) {
    }

    /**
     * The result: either an error (RESERVATION CONFLICT or a sense reason, with a field pointer
     * when {@code fieldByte >= 0}) or the next state, the unit attentions it causes and, for
     * PREEMPT AND ABORT, the I_T nexuses whose tasks to abort.
     */
    static final class Result {
        boolean conflict;
        SenseReason sense;
        int fieldByte = -1;
        int fieldBit = -1;
        boolean fieldInCdb;
        PrState next;
        final List<Attention> attentions = new ArrayList<>();
        Predicate<NexusView> abort;
        /** The state version to wait for on stable storage before completing (APTPL), or 0. */
        long durableVersion;

        boolean failed() {
            return conflict || sense != null;
        }
    }

    private ServiceActions() {
    }

    static Result apply(PrState s, NexusView n, Request r) {
        Result out = new Result();
        Registration mine = s.registrationOf(n);
        switch (r.serviceAction()) {
            case REGISTER:
            case REGISTER_AND_IGNORE_EXISTING_KEY:
                register(s, n, mine, r, out);
                break;
            case RESERVE:
                if (keyMismatch(mine, r, out)) {
                    break;
                }
                reserve(s, n, mine, r, out);
                break;
            case RELEASE:
                if (keyMismatch(mine, r, out)) {
                    break;
                }
                release(s, n, mine, r, out);
                break;
            case CLEAR:
                if (keyMismatch(mine, r, out)) {
                    break;
                }
                // SPC-4 §5.13 "Clearing": release, remove every registration, RESERVATIONS PREEMPTED
                // to every registered I_T nexus but this one.
                out.attentions.add(new Attention(SenseReason.RESERVATIONS_PREEMPTED,
                        PrState.coveredBy(s.registrations(), n)));
                out.next = s.withRegistrations(List.of(), null, 0).nextGeneration();
                break;
            case PREEMPT:
            case PREEMPT_AND_ABORT:
                if (keyMismatch(mine, r, out)) {
                    break;
                }
                preempt(s, n, mine, r, out);
                break;
            case REGISTER_AND_MOVE:
                if (keyMismatch(mine, r, out)) {
                    break;
                }
                registerAndMove(s, n, mine, r, out);
                break;
            default:
                throw new IllegalArgumentException("service action " + r.serviceAction());
        }
        return out;
    }

    /** Every service action but the REGISTER ones needs a registered nexus and its key. */
    private static boolean keyMismatch(Registration mine, Request r, Result out) {
        if (mine == null || mine.key() != r.key()) {
            out.conflict = true;
            return true;
        }
        return false;
    }

    /** SPC-4 §5.13 "Registering", table "Register behaviors for a REGISTER service action". */
    private static void register(PrState s, NexusView n, Registration mine, Request r, Result out) {
        boolean ignoreKey = r.serviceAction() == REGISTER_AND_IGNORE_EXISTING_KEY;
        if (mine == null) {
            if (!ignoreKey && r.key() != 0) {
                out.conflict = true;
                return;
            }
            if (r.serviceActionKey() == 0) {
                return; // GOOD, nothing registered
            }
            int port = r.allTgPt() ? Registration.ALL_TARGET_PORTS : n.relativeTargetPortId();
            List<Registration> regs = new ArrayList<>(s.registrations());
            Registration own = Registration.of(r.serviceActionKey(), n.initiator(), port);
            regs.add(own);
            if (r.specIPt()) {
                for (TransportId t : r.transportIds()) {
                    Registration other = new Registration(r.serviceActionKey(), t.initiatorName(),
                            t.portSuffix(), port);
                    if (!containsNexus(regs, other)) {
                        regs.add(other);
                    }
                }
            }
            if (regs.size() > MAX_REGISTRATIONS) {
                out.sense = SenseReason.INSUFFICIENT_REGISTRATION_RESOURCES;
                return;
            }
            out.next = s.withRegistrations(regs, s.holder(), s.type()).withAptpl(r.aptpl()).nextGeneration();
            return;
        }
        if (!ignoreKey && r.key() != mine.key()) {
            out.conflict = true;
            return;
        }
        if (r.specIPt()) {
            out.sense = SenseReason.INVALID_FIELD_IN_PARAMETER_LIST;
            out.fieldByte = 20;
            out.fieldBit = 3;
            return;
        }
        if (r.serviceActionKey() != 0) {
            out.next = s.replace(mine, mine.withKey(r.serviceActionKey())).withAptpl(r.aptpl()).nextGeneration();
            return;
        }
        // SPC-4 §5.13 "Unregistering": a holder of a non-all-registrants reservation releases it;
        // a registrants only one tells the remaining registrants RESERVATIONS RELEASED.
        PrState next = s.without(List.of(mine));
        if (s.isHolder(mine) && PrState.registrantsOnly(s.type())) {
            out.attentions.add(new Attention(SenseReason.RESERVATIONS_RELEASED,
                    PrState.coveredBy(next.registrations(), n)));
        }
        out.next = next.withAptpl(r.aptpl()).nextGeneration();
    }

    private static boolean containsNexus(List<Registration> regs, Registration r) {
        for (Registration x : regs) {
            if (x.sameNexusAs(r)) {
                return true;
            }
        }
        return false;
    }

    /** SCOPE must be LU_SCOPE and TYPE one of the six types, else INVALID FIELD IN CDB. */
    private static boolean badScopeOrType(Request r, Result out) {
        if (r.scope() != PrState.LU_SCOPE) {
            out.sense = SenseReason.INVALID_FIELD_IN_CDB;
            out.fieldInCdb = true;
            out.fieldByte = SCOPE_TYPE_BYTE;
            out.fieldBit = 7;
            return true;
        }
        if (!PrState.validType(r.type())) {
            out.sense = SenseReason.INVALID_FIELD_IN_CDB;
            out.fieldInCdb = true;
            out.fieldByte = SCOPE_TYPE_BYTE;
            out.fieldBit = 3;
            return true;
        }
        return false;
    }

    /** SPC-4 §5.13 "Reserving". */
    private static void reserve(PrState s, NexusView n, Registration mine, Request r, Result out) {
        if (badScopeOrType(r, out)) {
            return;
        }
        if (s.reserved()) {
            // The holder asking again for the same type and scope: GOOD, unchanged. Anything else
            // (another nexus, or the holder changing the type) is a conflict.
            out.conflict = !(s.isHolder(n) && s.type() == r.type());
            return;
        }
        out.next = s.withReservation(PrState.allRegistrants(r.type()) ? null : mine, r.type());
    }

    /** SPC-4 §5.13 "Releasing". */
    private static void release(PrState s, NexusView n, Registration mine, Request r, Result out) {
        if (!s.reserved() || !s.isHolder(n)) {
            return; // GOOD, nothing released
        }
        if (r.type() != s.type() || r.scope() != PrState.LU_SCOPE) {
            out.sense = SenseReason.INVALID_RELEASE_OF_PERSISTENT_RESERVATION;
            return;
        }
        if (PrState.registrantsOnly(s.type()) || PrState.allRegistrants(s.type())) {
            out.attentions.add(new Attention(SenseReason.RESERVATIONS_RELEASED,
                    PrState.coveredBy(s.registrations(), n)));
        }
        out.next = s.withReservation(null, 0);
    }

    /** SPC-4 §5.13 "Preempting" (and "Preempting and aborting": the same, plus the abort set). */
    private static void preempt(PrState s, NexusView n, Registration mine, Request r, Result out) {
        boolean allRegistrants = s.reserved() && PrState.allRegistrants(s.type());
        long saKey = r.serviceActionKey();
        if (saKey == 0 && !allRegistrants) {
            out.sense = SenseReason.INVALID_FIELD_IN_PARAMETER_LIST;
            out.fieldByte = SA_KEY_BYTE;
            return;
        }
        List<Registration> removed;
        PrState next;
        boolean preemptsReservation = allRegistrants ? saKey == 0
                : s.reserved() && s.holder().key() == saKey;
        if (preemptsReservation) {
            // Release the reservation, remove the registrations the key names (all but ours for an
            // all registrants reservation and key 0; never ours), reserve for us with the CDB's
            // scope and type.
            if (badScopeOrType(r, out)) {
                return;
            }
            removed = new ArrayList<>();
            for (Registration x : s.registrations()) {
                if (!x.equals(mine) && (saKey == 0 || x.key() == saKey)) {
                    removed.add(x);
                }
            }
            PrState left = s.withReservation(null, 0).without(removed);
            next = left.withReservation(PrState.allRegistrants(r.type()) ? null : mine, r.type());
            if (r.type() != s.type()) {
                out.attentions.add(new Attention(SenseReason.RESERVATIONS_RELEASED,
                        PrState.coveredBy(next.registrations(), n)));
            }
        } else {
            // No reservation, or the key is not the holder's: remove the registrations the key
            // names (ours too if it names us); the reservation stays. No match is a conflict.
            removed = s.withKey(saKey);
            if (removed.isEmpty()) {
                out.conflict = true;
                return;
            }
            next = s.without(removed);
        }
        out.attentions.add(new Attention(SenseReason.REGISTRATIONS_PREEMPTED, PrState.coveredBy(removed, n)));
        if (r.serviceAction() == PREEMPT_AND_ABORT) {
            out.abort = PrState.coveredBy(removed, n);
        }
        out.next = next.nextGeneration();
    }

    /** SPC-4 §5.13 "Registering and moving the reservation". */
    private static void registerAndMove(PrState s, NexusView n, Registration mine, Request r, Result out) {
        if (r.serviceActionKey() == 0) {
            out.sense = SenseReason.INVALID_FIELD_IN_PARAMETER_LIST;
            out.fieldByte = SA_KEY_BYTE;
            return;
        }
        if (!r.targetPorts().contains(r.moveRelativePortId())) {
            out.sense = SenseReason.INVALID_FIELD_IN_PARAMETER_LIST;
            out.fieldByte = 18;
            return;
        }
        TransportId t = r.transportIds().get(0);
        boolean namesUs = t.initiatorName().equalsIgnoreCase(n.initiator().initiatorName())
                && (t.portSuffix() == null || t.portSuffix().equalsIgnoreCase(n.initiator().portSuffix()));
        if (namesUs) {
            out.sense = SenseReason.INVALID_FIELD_IN_PARAMETER_LIST;
            out.fieldByte = 24;
            return;
        }
        if (!s.reserved() || !s.isHolder(n) || PrState.allRegistrants(s.type())) {
            out.conflict = true;
            return;
        }
        Registration dest = new Registration(r.serviceActionKey(), t.initiatorName(), t.portSuffix(),
                r.moveRelativePortId());
        Registration existing = s.sameNexusAs(dest);
        PrState next;
        if (existing != null) {
            next = s.replace(existing, dest);
        } else {
            if (s.registrations().size() >= MAX_REGISTRATIONS) {
                out.sense = SenseReason.INSUFFICIENT_REGISTRATION_RESOURCES;
                return;
            }
            List<Registration> regs = new ArrayList<>(s.registrations());
            regs.add(dest);
            next = s.withRegistrations(regs, s.holder(), s.type());
        }
        // The reservation moves with its type and scope; the CDB's SCOPE and TYPE are ignored.
        next = next.withReservation(dest, s.type());
        if (r.unreg()) {
            next = next.without(List.of(mine));
        }
        out.next = next.withAptpl(r.aptpl()).nextGeneration();
    }
}
