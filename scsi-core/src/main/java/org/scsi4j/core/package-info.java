/**
 * The target model a host application builds: a {@link org.scsi4j.core.ScsiTarget} with logical
 * units ({@link org.scsi4j.core.LogicalUnitSpec}: a device, its command set and its identity) at
 * LUN numbers, exported through target ports that transports open I_T nexuses on.
 */
package org.scsi4j.core;
