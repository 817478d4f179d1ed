/**
 * JMH benchmarks of the scsi4j data path, run by hand (never as part of the build's tests):
 *
 * <ul>
 *   <li>{@link org.scsi4j.benchmarks.PduCodecBenchmark}: decode and encode of the PDUs of a
 *       READ (SCSI Command, Data-In, SCSI Response) with the flyweights of
 *       {@code org.scsi4j.iscsi.internal.pdu} over a direct buffer; the target is zero bytes
 *       allocated per PDU ({@code -prof gc}, {@code gc.alloc.rate.norm}).</li>
 *   <li>{@link org.scsi4j.benchmarks.Crc32cBenchmark}: the iSCSI digest ({@code Crc32cDigest})
 *       against plain {@link java.util.zip.CRC32C} over a header and 8 KiB / 256 KiB direct
 *       buffers.</li>
 *   <li>{@link org.scsi4j.benchmarks.LoopbackReadBenchmark}: a 4 KiB READ through the in-process
 *       loopback transport on the null device (the core's cost with no network).</li>
 *   <li>{@link org.scsi4j.benchmarks.IscsiReadBenchmark}: a 4 KiB READ end to end over a
 *       127.0.0.1 socket, driven by {@link org.scsi4j.benchmarks.BlockingInitiator}, a minimal
 *       allocation-free initiator built on the same flyweights, against any iSCSI target given by
 *       URL.</li>
 * </ul>
 *
 * <p>The shaded jar {@code benchmarks/target/scsi4j-benchmarks.jar} runs them:
 * {@code java -jar benchmarks/target/scsi4j-benchmarks.jar -prof gc}. The end-to-end comparison
 * against {@code tgt} is the script {@code benchmarks/compare-with-tgt.sh}; see
 * {@code benchmarks/README.md}.
 */
package org.scsi4j.benchmarks;
