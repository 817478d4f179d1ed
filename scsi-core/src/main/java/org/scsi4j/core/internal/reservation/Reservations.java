package org.scsi4j.core.internal.reservation;

import org.scsi4j.core.internal.command.CommandDescriptor;
import org.scsi4j.core.internal.engine.LogicalUnit;
import org.scsi4j.core.internal.engine.NexusView;
import org.scsi4j.core.spi.device.IoCompletion;
import org.scsi4j.core.spi.device.IoStatus;

/**
 * The reservation state of one logical unit, shared by every nexus and transport that reaches it
 * (SPC-4 §5.13, SPC-2 §5.5). Thread-safe: the state is an immutable {@link PrState} in a volatile
 * field; changes are made under this object's monitor and published whole, so the check every
 * command passes through ({@link #conflicts}) is one volatile read when nothing is reserved.
 *
 * <p>Registrations survive I_T nexus loss, logical unit reset and target reset (SPC-4 §5.13: only a
 * PERSISTENT RESERVE OUT removes them); with APTPL they also survive power loss through
 * {@link AptplPersistence}. An SPC-2 reservation is released by its holder's nexus loss and by
 * either reset (SPC-2 §5.5.1).
 */
public final class Reservations {
    private volatile PrState state = PrState.EMPTY;
    private AptplStore store;

    /** The current snapshot (PERSISTENT RESERVE IN reads it without locking). */
    PrState state() {
        return state;
    }

    /** The APTPL file of this unit, or null when the target has no persistence directory. */
    synchronized AptplStore store() {
        return store;
    }

    /** Whether APTPL is supported (REPORT CAPABILITIES PTPL_C). */
    boolean persistCapable() {
        return store() != null;
    }

    /**
     * Attaches the unit's APTPL file and installs the state restored from it (registrations and
     * reservation; PRgeneration restarts at 0, SPC-4 §6.15.2). Called once, before any nexus can
     * reach the unit.
     */
    public synchronized void attach(AptplPersistence.Unit unit) {
        this.store = unit.store();
        this.store.source(this::state);
        PrState restored = unit.restored();
        if (restored != null) {
            this.state = restored;
        }
    }

    // ---------------------------------------------------------------- dispatch hook

    /**
     * Whether a command from {@code nexus} must be answered RESERVATION CONFLICT (SPC-4 §5.13.1,
     * SPC-4 §5.13.3, SPC-2 §5.5.1). Called on the nexus's owner thread for every command to the
     * unit, after the unit-attention check and before the CDB is validated further.
     */
    public boolean conflicts(NexusView nexus, CommandDescriptor descriptor, byte[] cdb) {
        PrState s = state;
        if (s.idle()) {
            return false;
        }
        int op = descriptor.opcode();
        if (s.spc2Holder() != null) {
            // SPC-2 §5.5.1: every PERSISTENT RESERVE IN/OUT conflicts while a RESERVE is held,
            // whoever sends it; the holder may do everything else.
            if (op == ConflictTable.PERSISTENT_RESERVE_IN || op == ConflictTable.PERSISTENT_RESERVE_OUT) {
                return true;
            }
            return s.spc2Holder() != nexus && !ConflictTable.allowedUnderSpc2Reservation(descriptor, cdb);
        }
        int access = ConflictTable.access(descriptor, cdb);
        if (access == ConflictTable.ALLOWED || access == ConflictTable.PR_OUT) {
            return false;
        }
        if (access == ConflictTable.SPC2_COMMAND) {
            return !s.registrations().isEmpty() && !spc2CommandExempt(s, nexus);
        }
        if (!s.reserved() || s.isHolder(nexus)
                || (PrState.registrantsOnly(s.type()) && s.registrationOf(nexus) != null)) {
            return false;
        }
        return access == ConflictTable.WRITE || !PrState.writeExclusive(s.type());
    }

    /**
     * RESERVE/RELEASE while registrations exist (SPC-2 §5.5.1 with the SPC-4 §5.13.3 exceptions,
     * CRH=1): GOOD without effect from a persistent reservation holder, or from a registrant under
     * a registrants only or all registrants reservation; RESERVATION CONFLICT for anybody else.
     */
    private static boolean spc2CommandExempt(PrState s, NexusView n) {
        return s.isHolder(n) || (PrState.registrantsOnly(s.type()) && s.registrationOf(n) != null);
    }

    /** The I_T nexus is gone (logout, connection loss, session reinstatement): SPC-2 §5.5.1. */
    public synchronized void nexusLost(NexusView nexus) {
        if (state.spc2Holder() == nexus) {
            state = state.withSpc2Holder(null);
        }
    }

    /** A LOGICAL UNIT RESET or target reset happened: the SPC-2 reservation is released. */
    public synchronized void reset() {
        if (state.spc2Holder() != null) {
            state = state.withSpc2Holder(null);
        }
    }

    // ---------------------------------------------------------------- SPC-2 RESERVE / RELEASE

    /** Outcome of RESERVE/RELEASE: GOOD or RESERVATION CONFLICT. */
    enum Spc2Outcome { GOOD, CONFLICT }

    /**
     * RESERVE(6)/(10) of the whole unit (SPC-2 §5.5.1, §6.21–6.24): the holder reserving again is GOOD,
     * another nexus is RESERVATION CONFLICT; while registrations exist SPC-4 §5.13.3 decides.
     */
    synchronized Spc2Outcome reserve(NexusView n) {
        PrState s = state;
        if (!s.registrations().isEmpty()) {
            return spc2CommandExempt(s, n) ? Spc2Outcome.GOOD : Spc2Outcome.CONFLICT;
        }
        if (s.spc2Holder() != null && s.spc2Holder() != n) {
            return Spc2Outcome.CONFLICT;
        }
        state = s.withSpc2Holder(n);
        return Spc2Outcome.GOOD;
    }

    /** RELEASE(6)/(10) (SPC-2 §5.5.1, §6.21–6.24): releases the holder's reservation; from others GOOD, nothing. */
    synchronized Spc2Outcome release(NexusView n) {
        PrState s = state;
        if (!s.registrations().isEmpty()) {
            return spc2CommandExempt(s, n) ? Spc2Outcome.GOOD : Spc2Outcome.CONFLICT;
        }
        if (s.spc2Holder() == n) {
            state = s.withSpc2Holder(null);
        }
        return Spc2Outcome.GOOD;
    }

    // ---------------------------------------------------------------- PERSISTENT RESERVE OUT

    /**
     * Runs a PERSISTENT RESERVE OUT service action atomically: computes the next state, publishes
     * it, posts the unit attentions it causes. With APTPL active before or after the change,
     * {@link ServiceActions.Result#durableVersion} is the version the command must see on stable
     * storage before it completes ({@link #awaitDurable}), else 0; {@code result.next} is null when
     * nothing changed.
     */
    synchronized ServiceActions.Result apply(LogicalUnit lu, NexusView n, ServiceActions.Request request) {
        PrState s = state;
        if (s.spc2Holder() != null) {
            ServiceActions.Result conflict = new ServiceActions.Result();
            conflict.conflict = true;
            return conflict;
        }
        ServiceActions.Result r = ServiceActions.apply(s, n, request);
        if (r.failed() || r.next == null) {
            r.next = null;
            return r;
        }
        PrState next = r.next;
        if (store != null && (s.aptpl() || next.aptpl())) {
            next = next.withVersion(s.version() + 1);
            r.durableVersion = next.version();
        } else {
            next = next.withVersion(s.version());
        }
        state = next;
        r.next = next;
        for (ServiceActions.Attention a : r.attentions) {
            lu.target().postUnitAttentionWhere(lu, a.reason(), a.to());
        }
        return r;
    }

    /**
     * Completes {@code done} (from the persistence thread) once the state of {@code version} or a
     * later one is on stable storage; with {@link IoStatus#DEVICE_FAILURE} if writing failed.
     */
    void awaitDurable(long version, IoCompletion done) {
        AptplStore st = store();
        if (st == null) {
            done.complete(IoStatus.GOOD, 0);
            return;
        }
        st.requestDurable(version, done);
    }
}
