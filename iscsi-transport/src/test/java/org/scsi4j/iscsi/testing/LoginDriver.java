package org.scsi4j.iscsi.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scsi4j.iscsi.internal.auth.Chap;
import org.scsi4j.iscsi.internal.pdu.Opcode;
import org.scsi4j.iscsi.internal.text.TextValues;

/**
 * The initiator side of a login for {@link TestInitiator}: SecurityNegotiation with
 * AuthMethod None or CHAP (one-way, mutual; a mutual secret of "reflect" sends the target's own
 * challenge back), then LoginOperationalNegotiation, answering what the target offers on its
 * own, until the target moves to full feature phase or fails the login.
 */
final class LoginDriver {
    private final TestInitiator i;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final List<Pdu> responses = new ArrayList<>();
    private int itt;

    LoginDriver(TestInitiator initiator) {
        this.i = initiator;
    }

    LoginResult login(LoginOptions o) throws IOException {
        itt = i.nextItt();
        Map<String, String> first = new LinkedHashMap<>();
        if (!o.omitInitiatorName) {
            first.put("InitiatorName", o.initiatorName);
        }
        if (o.discovery) {
            first.put("SessionType", "Discovery");
        } else if (o.targetName != null) {
            first.put("TargetName", o.targetName);
        }
        int csg = 1;
        Pdu r;
        if (!o.skipSecurity) {
            Map<String, String> sec = new LinkedHashMap<>(first);
            first.clear();
            r = o.chapUser == null ? none(sec) : chap(o, sec);
            if (r == null || status(r) != 0) {
                return result(r);
            }
            if ((r.flags() & 0x80) == 0) {
                return result(r);
            }
            if ((r.flags() & 0x03) == 3) {
                return finish(r);
            }
        }
        Map<String, String> offer = new LinkedHashMap<>(first);
        offer.putAll(o.operational);
        for (int round = 0; round < 8; round++) {
            Map<String, String> before = new LinkedHashMap<>(keys);
            r = step(csg, 3, true, offer);
            if (status(r) != 0) {
                return result(r);
            }
            if ((r.flags() & 0x80) != 0 && (r.flags() & 0x03) == 3) {
                return finish(r);
            }
            Map<String, String> answers = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : r.text().entrySet()) {
                if (!offer.containsKey(e.getKey()) && !before.containsKey(e.getKey())
                        && !e.getKey().startsWith("Target") && !e.getKey().equals("MaxRecvDataSegmentLength")) {
                    answers.put(e.getKey(), e.getValue());
                }
            }
            offer = answers;
        }
        throw new IOException("login did not finish: " + keys);
    }

    private Pdu none(Map<String, String> sec) throws IOException {
        sec.put("AuthMethod", "None");
        return step(0, 1, true, sec);
    }

    private Pdu chap(LoginOptions o, Map<String, String> sec) throws IOException {
        sec.put("AuthMethod", "CHAP,None");
        Pdu r = step(0, 1, false, sec);
        if (status(r) != 0) {
            return r;
        }
        r = step(0, 1, false, Map.of("CHAP_A", "5"));
        if (status(r) != 0) {
            return r;
        }
        int id = Integer.parseInt(keys.get("CHAP_I"));
        byte[] challenge = TextValues.decodeBinary(keys.get("CHAP_C"));
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("CHAP_N", o.chapUser);
        answer.put("CHAP_R", TextValues.encodeHex(Chap.response(id, o.chapSecret.getBytes(StandardCharsets.UTF_8), challenge)));
        byte[] mine = null;
        int myId = 77;
        if (o.mutualUser != null) {
            if ("reflect".equals(o.mutualSecret)) {
                mine = challenge;
            } else {
                mine = new byte[16];
                new SecureRandom().nextBytes(mine);
            }
            answer.put("CHAP_I", Integer.toString(myId));
            answer.put("CHAP_C", TextValues.encodeHex(mine));
        }
        r = step(0, 1, true, answer);
        if (status(r) != 0 || mine == null) {
            return r;
        }
        byte[] expected = Chap.response(myId, o.mutualSecret.getBytes(StandardCharsets.UTF_8), mine);
        byte[] got = TextValues.decodeBinary(String.valueOf(keys.get("CHAP_R")));
        if (!o.mutualUser.equals(keys.get("CHAP_N")) || !Arrays.equals(expected, got)) {
            throw new IOException("target failed mutual CHAP: " + keys);
        }
        return r;
    }

    private LoginResult finish(Pdu r) {
        int tsih = r.bhs().getShort(14) & 0xFFFF;
        i.loggedIn(tsih, keys);
        return new LoginResult(status(r), tsih, keys, responses);
    }

    private LoginResult result(Pdu r) {
        return new LoginResult(r == null ? -1 : status(r), 0, keys, responses);
    }

    static int status(Pdu r) {
        return r.bhs().getShort(36) & 0xFFFF;
    }

    /** One login request and its continuation responses; @return the last response. */
    private Pdu step(int csg, int nsg, boolean transit, Map<String, String> text) throws IOException {
        i.send(Pdus.login(i.isid(), 0, itt, i.cmdSn(), i.expStatSn(), csg, nsg, transit, false, Pdus.text(text)));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            Pdu r = i.receive();
            if (r.opcode() != Opcode.LOGIN_RESPONSE) {
                throw new IOException("expected a Login Response, got " + r);
            }
            responses.add(r);
            all.writeBytes(r.data());
            if (status(r) != 0 || (r.flags() & 0x40) == 0) {
                keys.putAll(new Pdu(new byte[48], all.toByteArray()).text());
                return r;
            }
            i.send(Pdus.login(i.isid(), 0, itt, i.cmdSn(), i.expStatSn(), csg, nsg, false, false, new byte[0]));
        }
    }
}
