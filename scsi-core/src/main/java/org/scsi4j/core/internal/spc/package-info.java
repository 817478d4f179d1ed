/**
 * SPC-4 primary commands every logical unit answers: INQUIRY and its VPD pages, REPORT LUNS,
 * REQUEST SENSE, TEST UNIT READY, MODE SENSE/SELECT and REPORT SUPPORTED OPERATION CODES.
 */
package org.scsi4j.core.internal.spc;
