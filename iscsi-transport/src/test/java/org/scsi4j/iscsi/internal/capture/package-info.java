/**
 * Test fixtures for golden-byte tests over real initiator captures: a pcap TCP stream
 * reassembler and a PDU cursor. Shipped in the test-jar for the session layer's tests.
 */
package org.scsi4j.iscsi.internal.capture;
