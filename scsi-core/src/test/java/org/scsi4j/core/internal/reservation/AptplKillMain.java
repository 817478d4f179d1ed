package org.scsi4j.core.internal.reservation;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.scsi4j.core.LogicalUnitSpec;
import org.scsi4j.core.ScsiTarget;
import org.scsi4j.core.loopback.LoopbackSession;
import org.scsi4j.core.loopback.LoopbackTransport;
import org.scsi4j.core.loopback.ScsiCommand;
import org.scsi4j.core.loopback.ScsiResponse;
import org.scsi4j.core.testing.MemoryBlockDevice;

/**
 * The process {@link AptplKillTest} kills: a target keeping APTPL state in {@code args[0]}, two
 * initiators looping REGISTER / RESERVE / PREEMPT / REGISTER-with-a-new-key / CLEAR with APTPL=1.
 * Before each command it prints {@code NEXT <state>}, the state the command leads to; after GOOD it
 * prints {@code DONE <state>}; each line flushed before going on. States are
 * {@link #canonical canonical}. Exits 3 if the target ever disagrees with the model.
 */
public final class AptplKillMain {
    static final String A = "iqn.2026-11.org.scsi4j:node-a";
    static final String B = "iqn.2026-11.org.scsi4j:node-b";
    static final String READY = "READY";
    static final String EMPTY = canonical(new long[0], 0, 0);

    private AptplKillMain() {
    }

    /** A state as text: the sorted keys, then the holder's key and the type (or "none"). */
    static String canonical(long[] keys, long holderKey, int type) {
        long[] k = keys.clone();
        Arrays.sort(k);
        StringBuilder b = new StringBuilder("keys=");
        for (int i = 0; i < k.length; i++) {
            b.append(i == 0 ? "" : ",").append(Long.toHexString(k[i]));
        }
        return b.append(";res=").append(type == 0 ? "none" : Long.toHexString(holderKey) + "/" + type).toString();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        MemoryBlockDevice device = new MemoryBlockDevice(512, 64);
        try (ScsiTarget target = ScsiTarget.builder(PrTarget.TARGET_NAME).persistenceDirectory(dir)
                .logicalUnit(0, LogicalUnitSpec.disk(PrTarget.UNIT_NAME, device)).build();
             LoopbackTransport lt = LoopbackTransport.start(target)) {
            LoopbackSession a = lt.login(A);
            LoopbackSession b = lt.login(B);
            // From whatever was restored to a clean, persisted start.
            long k0 = 1 + random.nextInt(1000);
            good(a, PrCdb.REGISTER_AND_IGNORE, 0, PrCdb.params(0, k0, 0x01));
            good(a, PrCdb.CLEAR, 0, PrCdb.params(k0, 0, 0));
            check(b, EMPTY);
            say(READY);
            long next = k0 + 1;
            while (true) {
                long ka = next++;
                long kb = next++;
                long kb2 = next++;
                step(a, PrCdb.REGISTER_AND_IGNORE, 0, PrCdb.params(0, ka, 0x01), canonical(new long[] {ka}, 0, 0), b);
                step(b, PrCdb.REGISTER_AND_IGNORE, 0, PrCdb.params(0, kb, 0x01),
                        canonical(new long[] {ka, kb}, 0, 0), a);
                step(a, PrCdb.RESERVE, PrCdb.WE_RO, PrCdb.params(ka, 0, 0),
                        canonical(new long[] {ka, kb}, ka, PrCdb.WE_RO), b);
                step(b, PrCdb.PREEMPT, PrCdb.EA, PrCdb.params(kb, ka, 0),
                        canonical(new long[] {kb}, kb, PrCdb.EA), a);
                step(b, PrCdb.REGISTER, 0, PrCdb.params(kb, kb2, 0x01), canonical(new long[] {kb2}, kb2, PrCdb.EA), a);
                step(b, PrCdb.CLEAR, 0, PrCdb.params(kb2, 0, 0), EMPTY, a);
            }
        }
    }

    private static void step(LoopbackSession s, int sa, int type, byte[] params, String expected, LoopbackSession observer) {
        say("NEXT " + expected);
        good(s, sa, type, params);
        say("DONE " + expected);
        check(observer, expected);
    }

    private static void good(LoopbackSession s, int sa, int type, byte[] params) {
        ScsiResponse r = execute(s, ScsiCommand.of(0, PrCdb.prOut(sa, 0, type, params.length)).dataOut(params));
        if (!r.isGood()) {
            System.err.println("PERSISTENT RESERVE OUT " + sa + " failed: " + r);
            System.exit(3);
        }
    }

    /** Reads the state back through READ KEYS and READ RESERVATION; exits 3 on a mismatch. */
    private static void check(LoopbackSession s, String expected) {
        String seen = observe(s);
        if (!seen.equals(expected)) {
            System.err.println("the target has " + seen + ", the model " + expected);
            System.exit(3);
        }
    }

    static String observe(LoopbackSession s) {
        byte[] keys = execute(s, ScsiCommand.of(0, PrCdb.prIn(0, 4096)).dataIn(4096)).data();
        long[] k = new long[(int) PrCdb.u32(keys, 4) / 8];
        for (int i = 0; i < k.length; i++) {
            k[i] = PrCdb.u64(keys, 8 + 8 * i);
        }
        byte[] res = execute(s, ScsiCommand.of(0, PrCdb.prIn(1, 24)).dataIn(24)).data();
        boolean reserved = PrCdb.u32(res, 4) == 16;
        return canonical(k, reserved ? PrCdb.u64(res, 8) : 0, reserved ? res[21] & 0x0F : 0);
    }

    /** Executes, retrying once per pending unit attention (the preempted nexus has some). */
    static ScsiResponse execute(LoopbackSession s, ScsiCommand c) {
        for (int i = 0; i < 16; i++) {
            ScsiResponse r = s.execute(c);
            if (r.senseKey() != 0x6) {
                return r;
            }
        }
        throw new IllegalStateException("unit attentions do not stop");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
