package org.scsi4j.examples.config;

import java.util.List;

/**
 * What a live re-apply did ({@link ConfiguredTarget#apply}).
 *
 * @param applied      one line per change made live, e.g. "target iqn…: LUN 3 of group cluster is scratch"
 * @param needsRestart one line per change left as it was because it needs a restart
 * @param failed       one line per change that was attempted and failed (the rest still applied)
 * @param effective    the configuration running now
 */
public record ApplyResult(List<String> applied, List<String> needsRestart, List<String> failed,
        TargetConfig effective) {

    public ApplyResult {
        applied = List.copyOf(applied);
        needsRestart = List.copyOf(needsRestart);
        failed = List.copyOf(failed);
    }

    /** Whether the file asked for nothing new. */
    public boolean isEmpty() {
        return applied.isEmpty() && needsRestart.isEmpty() && failed.isEmpty();
    }
}
