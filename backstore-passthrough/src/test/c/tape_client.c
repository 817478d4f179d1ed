/*
 * tape_client: one libiscsi initiator driving a tape (SSC) LUN, for the pass-through interop
 * test (TapePassthroughInteropTest). Uses libiscsi's synchronous API only.
 *
 *   tape_client URL INITIATOR-NAME [OP [ARG...]]...
 *
 * URL is libiscsi's iscsi://[user%secret@]host[:port]/<target-iqn>/<lun>. Without operations on
 * the command line, operations are read from stdin, one per line, so that a test can drive
 * several clients step by step. Operations:
 *
 *   reserve | release | rewind | tur | inquiry
 *   write-filemarks N
 *   write BYTES SEED     one variable-length block of BYTES bytes, generated from SEED
 *   read BYTES           one variable-length block of at most BYTES bytes
 *
 * and, for a medium changer (SMC) LUN (TgtDeviceTypesPassthroughInteropTest):
 *
 *   read-element-status TYPE START COUNT ALLOC
 *                        READ ELEMENT STATUS (0xB8) with VOLTAG=1, element type code TYPE,
 *                        starting element address START, NUMBER OF ELEMENTS COUNT and
 *                        ALLOCATION LENGTH ALLOC; with status GOOD the line also has hex=...
 *                        (every byte received)
 *   move-medium TRANSPORT SOURCE DEST
 *                        MOVE MEDIUM (0xA5) between element addresses
 *
 * Each operation prints one line (flushed at once):
 *
 *   op=NAME status=0xSS key=0xK asc=0xAA ascq=0xQQ [residual=N] [bytes=N fnv=HEX] [type=0xTT] [hex=HEX]
 *
 * (bytes and fnv for a read or read-element-status with status GOOD, type for an INQUIRY with
 * status GOOD, hex for a read-element-status with status GOOD)
 * or "op=NAME status=error msg=..." when the command got no SCSI status. The data of "write" is
 * xorshift64 output, low byte first, starting from SEED; "fnv" is FNV-1a 64 of the bytes read:
 * the Java side computes both the same way. After connecting it prints "connected" (or
 * "connect status=error msg=..." and exits 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

static struct iscsi_context *iscsi;
static int lun;

static uint64_t xorshift64(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static uint64_t fnv1a64(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Prints the outcome line of one operation and frees the task. */
static void report_ex(const char *op, struct scsi_task *task, int show_data, int show_type, int show_hex)
{
	if (task == NULL) {
		printf("op=%s status=error msg=%s\n", op, iscsi_get_error(iscsi));
		fflush(stdout);
		return;
	}
	if (task->status == SCSI_STATUS_CANCELLED || task->status == SCSI_STATUS_ERROR
	    || task->status == SCSI_STATUS_TIMEOUT) {
		printf("op=%s status=error msg=%s\n", op, iscsi_get_error(iscsi));
		fflush(stdout);
		scsi_free_scsi_task(task);
		return;
	}
	int key = 0, asc = 0, ascq = 0;
	if (task->status == SCSI_STATUS_CHECK_CONDITION) {
		key = task->sense.key;
		asc = (task->sense.ascq >> 8) & 0xff;
		ascq = task->sense.ascq & 0xff;
	}
	printf("op=%s status=0x%02x key=0x%x asc=0x%02x ascq=0x%02x", op, task->status, key, asc, ascq);
	if (task->residual_status == SCSI_RESIDUAL_UNDERFLOW) {
		printf(" residual=%zu", task->residual);
	}
	if (show_data && task->status == SCSI_STATUS_GOOD) { /* with CHECK CONDITION datain holds the sense */
		printf(" bytes=%d fnv=%016llx", task->datain.size,
		       (unsigned long long) fnv1a64(task->datain.data, task->datain.size > 0 ? task->datain.size : 0));
	}
	if (show_type && task->status == SCSI_STATUS_GOOD && task->datain.size > 0) {
		printf(" type=0x%02x", task->datain.data[0] & 0x1f);
	}
	if (show_hex && task->status == SCSI_STATUS_GOOD) {
		printf(" hex=");
		for (int i = 0; i < task->datain.size; i++) {
			printf("%02x", task->datain.data[i]);
		}
	}
	printf("\n");
	fflush(stdout);
	scsi_free_scsi_task(task);
}

static void report(const char *op, struct scsi_task *task, int show_data, int show_type)
{
	report_ex(op, task, show_data, show_type, 0);
}

static struct scsi_task *command_n(unsigned char *cdb, int cdb_size, int xfer_dir, int length,
				   struct iscsi_data *data)
{
	struct scsi_task *task = scsi_create_task(cdb_size, cdb, xfer_dir, length);
	if (task == NULL) {
		return NULL;
	}
	struct scsi_task *done = iscsi_scsi_command_sync(iscsi, lun, task, data);
	if (done == NULL) {
		scsi_free_scsi_task(task);
	}
	return done;
}

static struct scsi_task *command(unsigned char *cdb, int xfer_dir, int length, struct iscsi_data *data)
{
	return command_n(cdb, 6, xfer_dir, length, data);
}

/* Runs one operation; returns how many arguments it consumed, or -1 for an unknown one. */
static int run(const char *op, char **args, int nargs)
{
	unsigned char cdb[6] = {0};
	if (strcmp(op, "reserve") == 0) {
		report(op, iscsi_reserve6_sync(iscsi, lun), 0, 0);
		return 0;
	}
	if (strcmp(op, "release") == 0) {
		report(op, iscsi_release6_sync(iscsi, lun), 0, 0);
		return 0;
	}
	if (strcmp(op, "tur") == 0) {
		report(op, iscsi_testunitready_sync(iscsi, lun), 0, 0);
		return 0;
	}
	if (strcmp(op, "inquiry") == 0) {
		report(op, iscsi_inquiry_sync(iscsi, lun, 0, 0, 36), 0, 1);
		return 0;
	}
	if (strcmp(op, "rewind") == 0) {
		cdb[0] = 0x01;
		report(op, command(cdb, SCSI_XFER_NONE, 0, NULL), 0, 0);
		return 0;
	}
	if (strcmp(op, "write-filemarks") == 0 && nargs >= 1) {
		int n = atoi(args[0]);
		cdb[0] = 0x10;
		cdb[2] = (n >> 16) & 0xff;
		cdb[3] = (n >> 8) & 0xff;
		cdb[4] = n & 0xff;
		report(op, command(cdb, SCSI_XFER_NONE, 0, NULL), 0, 0);
		return 1;
	}
	if (strcmp(op, "write") == 0 && nargs >= 2) {
		int n = atoi(args[0]);
		uint64_t seed = strtoull(args[1], NULL, 10);
		unsigned char *buf = malloc(n > 0 ? n : 1);
		if (buf == NULL) {
			printf("op=%s status=error msg=out of memory\n", op);
			fflush(stdout);
			return 2;
		}
		for (int i = 0; i < n; i++) {
			buf[i] = (unsigned char) xorshift64(&seed);
		}
		struct iscsi_data data = { .size = (size_t) n, .data = buf };
		cdb[0] = 0x0a; /* WRITE(6), variable block: FIXED=0, TRANSFER LENGTH in bytes */
		cdb[2] = (n >> 16) & 0xff;
		cdb[3] = (n >> 8) & 0xff;
		cdb[4] = n & 0xff;
		report(op, command(cdb, SCSI_XFER_WRITE, n, &data), 0, 0);
		free(buf);
		return 2;
	}
	if (strcmp(op, "read") == 0 && nargs >= 1) {
		int n = atoi(args[0]);
		cdb[0] = 0x08; /* READ(6), variable block, SILI=0 */
		cdb[2] = (n >> 16) & 0xff;
		cdb[3] = (n >> 8) & 0xff;
		cdb[4] = n & 0xff;
		report(op, command(cdb, SCSI_XFER_READ, n, NULL), 1, 0);
		return 1;
	}
	if (strcmp(op, "read-element-status") == 0 && nargs >= 4) {
		unsigned char res[12] = {0};
		int start = atoi(args[1]), count = atoi(args[2]), alloc = atoi(args[3]);
		res[0] = 0xb8;
		res[1] = 0x10 | (atoi(args[0]) & 0x0f); /* VOLTAG=1, ELEMENT TYPE CODE */
		res[2] = (start >> 8) & 0xff;
		res[3] = start & 0xff;
		res[4] = (count >> 8) & 0xff;
		res[5] = count & 0xff;
		res[7] = (alloc >> 16) & 0xff;
		res[8] = (alloc >> 8) & 0xff;
		res[9] = alloc & 0xff;
		report_ex(op, command_n(res, 12, SCSI_XFER_READ, alloc, NULL), 1, 0, 1);
		return 4;
	}
	if (strcmp(op, "move-medium") == 0 && nargs >= 3) {
		unsigned char mm[12] = {0};
		int transport = atoi(args[0]), source = atoi(args[1]), dest = atoi(args[2]);
		mm[0] = 0xa5;
		mm[2] = (transport >> 8) & 0xff;
		mm[3] = transport & 0xff;
		mm[4] = (source >> 8) & 0xff;
		mm[5] = source & 0xff;
		mm[6] = (dest >> 8) & 0xff;
		mm[7] = dest & 0xff;
		report(op, command_n(mm, 12, SCSI_XFER_NONE, 0, NULL), 0, 0);
		return 3;
	}
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s URL INITIATOR-NAME [OP [ARG...]]...\n", argv[0]);
		return 2;
	}
	iscsi = iscsi_create_context(argv[2]);
	if (iscsi == NULL) {
		printf("connect status=error msg=cannot create a libiscsi context\n");
		return 1;
	}
	struct iscsi_url *url = iscsi_parse_full_url(iscsi, argv[1]);
	if (url == NULL) {
		printf("connect status=error msg=%s\n", iscsi_get_error(iscsi));
		iscsi_destroy_context(iscsi);
		return 1;
	}
	iscsi_set_targetname(iscsi, url->target);
	iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL);
	if (url->user[0] != '\0') {
		iscsi_set_initiator_username_pwd(iscsi, url->user, url->passwd);
	}
	/* A dropped session is an error to report, not something to paper over by reconnecting. */
	iscsi_set_noautoreconnect(iscsi, 1);
	lun = url->lun;
	if (iscsi_full_connect_sync(iscsi, url->portal, url->lun) != 0) {
		printf("connect status=error msg=%s\n", iscsi_get_error(iscsi));
		fflush(stdout);
		iscsi_destroy_url(url);
		iscsi_destroy_context(iscsi);
		return 1;
	}
	printf("connected\n");
	fflush(stdout);

	int status = 0;
	if (argc > 3) {
		for (int i = 3; i < argc; ) {
			int used = run(argv[i], &argv[i + 1], argc - i - 1);
			if (used < 0) {
				printf("op=%s status=error msg=unknown operation or missing argument\n", argv[i]);
				status = 2;
				break;
			}
			i += 1 + used;
		}
	} else {
		char line[256];
		while (fgets(line, sizeof line, stdin) != NULL) {
			char *words[8];
			int n = 0;
			for (char *w = strtok(line, " \t\r\n"); w != NULL && n < 8; w = strtok(NULL, " \t\r\n")) {
				words[n++] = w;
			}
			if (n == 0) {
				continue;
			}
			if (strcmp(words[0], "quit") == 0) {
				break;
			}
			if (run(words[0], &words[1], n - 1) < 0) {
				printf("op=%s status=error msg=unknown operation or missing argument\n", words[0]);
				fflush(stdout);
			}
		}
	}
	iscsi_logout_sync(iscsi);
	iscsi_destroy_url(url);
	iscsi_destroy_context(iscsi);
	return status;
}
