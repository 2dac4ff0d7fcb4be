package io.pedigree.evidence;

import io.pedigree.audit.ChainLink;

import java.util.List;
import java.util.Map;

/**
 * The proof of a pack as plain lines, one fact per line, so a short shell script with {@code sha256sum} and
 * {@code openssl} checks it without a JSON parser (see docs/audit.md). It holds the same data as the pack's
 * {@code proof} and {@code citations}:
 * <pre>
 * pedigree-evidence-proof v1
 * version &lt;version key&gt;
 * checkpoint &lt;seq&gt; &lt;hash&gt;
 * signed &lt;the exact text the signature is over&gt;
 * signature &lt;base64 Ed25519 signature&gt;
 * event &lt;seq&gt; &lt;hash&gt; &lt;the exact text hashed&gt;      (every event from the first cited to the checkpoint)
 * content &lt;seq&gt; &lt;the exact content text digested&gt;  (cited events)
 * cite &lt;section&gt; &lt;seq&gt;
 * </pre>
 */
public final class ProofText {

    private ProofText() {
    }

    public static String of(EvidencePack pack) {
        StringBuilder out = new StringBuilder("pedigree-evidence-proof v1\n");
        EvidencePack.Proof p = pack.proof();
        out.append("version ").append(pack.version().key()).append('\n');
        out.append("checkpoint ").append(p.checkpoint().seq()).append(' ').append(p.checkpoint().hash()).append('\n');
        out.append("signed ").append(p.signedText()).append('\n');
        out.append("signature ").append(p.checkpoint().signature()).append('\n');
        java.util.Set<Long> cited = new java.util.HashSet<>();
        pack.citations().values().forEach(cited::addAll);
        pack.events().forEach(e -> cited.add(e.seq()));
        List<ChainLink> chain = p.chain();
        for (ChainLink l : chain) {
            out.append("event ").append(l.seq()).append(' ').append(l.hash()).append(' ').append(l.text())
                    .append('\n');
        }
        for (ChainLink l : chain) {
            if (cited.contains(l.seq()) && l.content() != null) {
                out.append("content ").append(l.seq()).append(' ').append(l.content()).append('\n');
            }
        }
        for (Map.Entry<String, List<Long>> c : pack.citations().entrySet()) {
            c.getValue().forEach(seq -> out.append("cite ").append(c.getKey()).append(' ').append(seq).append('\n'));
        }
        return out.toString();
    }
}
