/**
 * The example target's declarative configuration file ({@code --config FILE}): a YAML document
 * of portals, discovery CHAP, targets with their CHAP, devices, initiator groups and LUN maps
 * (documented by {@code examples/scsi4j-target.example.yaml}).
 *
 * <ul>
 *   <li>{@link org.scsi4j.examples.config.TargetConfig}: the model, immutable records with value
 *       equality;</li>
 *   <li>{@link org.scsi4j.examples.config.ConfigParser}: file to model, validated once; a bad
 *       setting fails as a {@link org.scsi4j.examples.config.ConfigException} naming the file, the
 *       line and the setting;</li>
 *   <li>{@link org.scsi4j.examples.config.ConfigWriter}: model to file (the effective configuration,
 *       {@code --write-config}); parsing what it wrote gives an equal model;</li>
 *   <li>{@link org.scsi4j.examples.config.ConfigDiff}: what changed between two models, split
 *       into what the live {@link org.scsi4j.core.ScsiTarget} API can apply and what needs a
 *       restart;</li>
 *   <li>{@link org.scsi4j.examples.config.ConfiguredTarget}: the running targets and iSCSI server
 *       a model describes, and {@code apply(edited)}, the live re-apply;</li>
 *   <li>{@link org.scsi4j.examples.config.ConfigWatcher}: the daemon thread that re-applies the
 *       file when it is edited (debounced);</li>
 *   <li>{@link org.scsi4j.examples.config.ConfigLauncher}: {@code --config} and
 *       {@code --write-config} of the example target's command line.</li>
 * </ul>
 *
 * The YAML parser (SnakeYAML) is a dependency of the examples only, never of a library module.
 */
package org.scsi4j.examples.config;
