/**
 * Linux block devices as logical units: {@link org.scsi4j.backstore.block.BlockDeviceDisk} exports
 * {@code /dev/sdX}, {@code /dev/nvmeXnY}, {@code /dev/loopN} or {@code /dev/mapper/...} through the
 * blocking device SPI ({@code org.scsi4j.core.spi.device.BlockingBlockDevice}), O_DIRECT by default,
 * with the geometry the kernel reports ({@link org.scsi4j.backstore.block.BlockDeviceInfo}). It
 * refuses devices the host is using ({@link org.scsi4j.backstore.block.DeviceInUseException}).
 * For image files use backstore-file. Linux only: everything is found through {@code /sys} and
 * {@code /proc}.
 */
package org.scsi4j.backstore.block;
