package org.scsi4j.core.internal.engine;

import org.scsi4j.core.spi.transport.TaskAttribute;

/**
 * The task set of one logical unit as seen by one I_T nexus (the control mode page reports
 * TST=001b: a separate task set per I_T nexus, SAM-5 §8.5), in arrival order, enforcing the task
 * attribute rules of SAM-5 §8.6:
 * <ul>
 *   <li>HEAD OF QUEUE starts at once;</li>
 *   <li>ORDERED starts when every older task has completed;</li>
 *   <li>SIMPLE (and untagged, ACA) starts when no older ORDERED task is still in the set.</li>
 * </ul>
 * Tasks enter at submission (before their data-out), so ordering follows arrival. Owner thread only.
 */
final class TaskSet {
    private Task head;
    private Task tail;
    private int orderedCount;
    private int size;

    void add(Task t) {
        t.taskSet = this;
        t.prev = tail;
        t.next = null;
        if (tail == null) {
            head = t;
        } else {
            tail.next = t;
        }
        tail = t;
        size++;
        if (t.attribute == TaskAttribute.ORDERED) {
            orderedCount++;
        }
    }

    /** Removes a task; returns true when waiting tasks may have become startable. */
    boolean remove(Task t) {
        if (t.taskSet != this) {
            return false;
        }
        if (t.prev == null) {
            head = t.next;
        } else {
            t.prev.next = t.next;
        }
        if (t.next == null) {
            tail = t.prev;
        } else {
            t.next.prev = t.prev;
        }
        boolean wasOrdered = t.attribute == TaskAttribute.ORDERED;
        if (wasOrdered) {
            orderedCount--;
        }
        t.prev = null;
        t.next = null;
        t.taskSet = null;
        size--;
        return wasOrdered || orderedCount > 0;
    }

    boolean canStart(Task t) {
        switch (t.attribute) {
            case HEAD_OF_QUEUE:
                return true;
            case ORDERED:
                return t.prev == null;
            default:
                if (orderedCount == 0) {
                    return true;
                }
                for (Task p = t.prev; p != null; p = p.prev) {
                    if (p.attribute == TaskAttribute.ORDERED) {
                        return false;
                    }
                }
                return true;
        }
    }

    Task head() {
        return head;
    }

    int size() {
        return size;
    }
}
