/**
 * The task engine: logical units at run time, I_T nexuses with their task pools and per-LU task
 * sets (SIMPLE / ORDERED / HEAD OF QUEUE), unit-attention queues, the hand-over of device
 * completions to the owner thread, and the bounded buffer pool.
 */
package org.scsi4j.core.internal.engine;
