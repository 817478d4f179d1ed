/**
 * Interoperability tests against real initiators (libiscsi tools, qemu-img), tagged
 * {@code interop}: excluded by default, run with {@code mvn -Pinterop}. A missing tool fails
 * the test with the Debian package to install.
 */
package org.scsi4j.iscsi.interop;
