// SPDX-License-Identifier: GPL-2.0
/*
 * AppArmor's names of kernel numbers (see pal_names.h).  The tables are
 * indexed by the kernel's numbers so that number -> name is one load and
 * name -> number one scan.
 */
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#include "pal_names.h"

#define PAL_NAMES_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Bit n of the capability words is capability n (linux/capability.h). */
static const char *const pal_cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
	"setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service",
	"net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
	"sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time",
	"sys_tty_config", "mknod", "lease", "audit_write", "audit_control",
	"setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

static const char *const pal_family_names[] = {
	[AF_UNSPEC] = "unspec",		[AF_UNIX] = "unix",
	[AF_INET] = "inet",		[AF_AX25] = "ax25",
	[AF_IPX] = "ipx",		[AF_APPLETALK] = "appletalk",
	[AF_NETROM] = "netrom",		[AF_BRIDGE] = "bridge",
	[AF_ATMPVC] = "atmpvc",		[AF_X25] = "x25",
	[AF_INET6] = "inet6",		[AF_ROSE] = "rose",
	[AF_DECnet] = "decnet",		[AF_NETBEUI] = "netbeui",
	[AF_SECURITY] = "security",	[AF_KEY] = "key",
	[AF_NETLINK] = "netlink",	[AF_PACKET] = "packet",
	[AF_ASH] = "ash",		[AF_ECONET] = "econet",
	[AF_ATMSVC] = "atmsvc",		[AF_RDS] = "rds",
	[AF_SNA] = "sna",		[AF_IRDA] = "irda",
	[AF_PPPOX] = "pppox",		[AF_WANPIPE] = "wanpipe",
	[AF_LLC] = "llc",		[AF_IB] = "ib",
	[AF_MPLS] = "mpls",		[AF_CAN] = "can",
	[AF_TIPC] = "tipc",		[AF_BLUETOOTH] = "bluetooth",
	[AF_IUCV] = "iucv",		[AF_RXRPC] = "rxrpc",
	[AF_ISDN] = "isdn",		[AF_PHONET] = "phonet",
	[AF_IEEE802154] = "ieee802154",	[AF_CAIF] = "caif",
	[AF_ALG] = "alg",		[AF_NFC] = "nfc",
	[AF_VSOCK] = "vsock",		[AF_KCM] = "kcm",
	[AF_QIPCRTR] = "qipcrtr",	[AF_SMC] = "smc",
	[AF_XDP] = "xdp",		[AF_MCTP] = "mctp",
};

static const char *const pal_sock_type_names[] = {
	[SOCK_STREAM] = "stream",	[SOCK_DGRAM] = "dgram",
	[SOCK_RAW] = "raw",		[SOCK_RDM] = "rdm",
	[SOCK_SEQPACKET] = "seqpacket",	[SOCK_DCCP] = "dccp",
	[SOCK_PACKET] = "packet",
};

static const char *const pal_signal_names[] = {
	[0] = "exists",
	[SIGHUP] = "hup",	[SIGINT] = "int",	[SIGQUIT] = "quit",
	[SIGILL] = "ill",	[SIGTRAP] = "trap",	[SIGABRT] = "abrt",
	[SIGBUS] = "bus",	[SIGFPE] = "fpe",	[SIGKILL] = "kill",
	[SIGUSR1] = "usr1",	[SIGSEGV] = "segv",	[SIGUSR2] = "usr2",
	[SIGPIPE] = "pipe",	[SIGALRM] = "alrm",	[SIGTERM] = "term",
	[SIGSTKFLT] = "stkflt",	[SIGCHLD] = "chld",	[SIGCONT] = "cont",
	[SIGSTOP] = "stop",	[SIGTSTP] = "stp",	[SIGTTIN] = "ttin",
	[SIGTTOU] = "ttou",	[SIGURG] = "urg",	[SIGXCPU] = "xcpu",
	[SIGXFSZ] = "xfsz",	[SIGVTALRM] = "vtalrm",	[SIGPROF] = "prof",
	[SIGWINCH] = "winch",	[SIGIO] = "io",		[SIGPWR] = "pwr",
	[SIGSYS] = "sys",
};

_Static_assert(PAL_NAMES_SIZE(pal_signal_names) == PAL_KERNEL_SIGRTMIN,
	       "every signal below the real-time ones has a name");

static const char *pal_name_of(const char *const *tab, size_t n,
			       unsigned int num)
{
	return num < n ? tab[num] : NULL;
}

static int pal_num_of(const char *const *tab, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tab[i] && !strcmp(tab[i], name))
			return (int)i;
	return -1;
}

const char *pal_cap_name(__u32 cap)
{
	return pal_name_of(pal_cap_names, PAL_NAMES_SIZE(pal_cap_names), cap);
}

int pal_cap_of_name(const char *name)
{
	return pal_num_of(pal_cap_names, PAL_NAMES_SIZE(pal_cap_names), name);
}

const char *pal_family_name_of(unsigned int af)
{
	return pal_name_of(pal_family_names, PAL_NAMES_SIZE(pal_family_names),
			   af);
}

int pal_family_of_name(const char *name)
{
	int af = pal_num_of(pal_family_names, PAL_NAMES_SIZE(pal_family_names),
			    name);

	/* The kernel still logs the family of the removed DECnet, but the
	 * profile language has no word for it. */
	return af == AF_DECnet ? -1 : af;
}

const char *pal_sock_type_name_of(unsigned int type)
{
	return pal_name_of(pal_sock_type_names,
			   PAL_NAMES_SIZE(pal_sock_type_names), type);
}

int pal_sock_type_of_name(const char *name)
{
	return pal_num_of(pal_sock_type_names,
			  PAL_NAMES_SIZE(pal_sock_type_names), name);
}

const char *pal_signal_name_of(unsigned int sig)
{
	return pal_name_of(pal_signal_names, PAL_NAMES_SIZE(pal_signal_names),
			   sig);
}

int pal_signal_of_name(const char *name)
{
	return pal_num_of(pal_signal_names, PAL_NAMES_SIZE(pal_signal_names),
			  name);
}
