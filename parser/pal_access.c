// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "palisade.h"
#include "pal_access.h"

#define PAL_EXEC_MODS "iIuUpPcC"

int pal_access_chars_only(const char *s)
{
	return *s && strspn(s, "rwalkmx" PAL_EXEC_MODS) == strlen(s);
}

static int pal_afail(size_t *bad, size_t at, char *msg, size_t msglen,
		     const char *text)
{
	*bad = at;
	snprintf(msg, msglen, "%s", text);
	return -1;
}

int pal_access_parse(const char *s, int deny, struct pal_access *out,
		     size_t *bad, char *msg, size_t msglen)
{
	char mods[3] = "", mode[4], m[96];
	size_t nmods = 0, mod_at = 0, x_at = 0, i;
	int seen_w = 0, seen_a = 0;
	int e;

	out->perms = 0;
	out->exec = PAL_EXEC_NONE;
	for (i = 0; s[i]; i++) {
		char c = s[i] == 'X' ? 'x' : s[i];	/* AppArmor takes 'X' too */

		if (strchr(PAL_EXEC_MODS, c)) {
			if (nmods == 2) {
				snprintf(m, sizeof(m), "invalid exec mode '%sx'", mods);
				return pal_afail(bad, mod_at, msg, msglen, m);
			}
			if (!nmods)
				mod_at = i;
			mods[nmods++] = c;
			mods[nmods] = 0;
			continue;
		}
		if (nmods && c != 'x') {
			snprintf(m, sizeof(m),
				 "exec modifier '%c' must be followed by 'x'",
				 mods[0]);
			return pal_afail(bad, mod_at, msg, msglen, m);
		}
		switch (c) {
		case 'r':
			out->perms |= PAL_MAY_READ;
			break;
		case 'w':
			if (seen_a)
				return pal_afail(bad, i, msg, msglen,
						 "'w' and 'a' are mutually exclusive ('w' implies append)");
			seen_w = 1;
			out->perms |= PAL_MAY_WRITE | PAL_MAY_APPEND;
			break;
		case 'a':
			if (seen_w)
				return pal_afail(bad, i, msg, msglen,
						 "'w' and 'a' are mutually exclusive ('w' implies append)");
			seen_a = 1;
			out->perms |= PAL_MAY_APPEND;
			break;
		case 'l':
			out->perms |= PAL_MAY_LINK;
			break;
		case 'k':
			out->perms |= PAL_MAY_LOCK;
			break;
		case 'm':
			out->perms |= PAL_MAY_MMAP;
			break;
		case 'x':
			if (nmods == 2 && (mods[1] == 'I' || mods[1] == 'i'))
				mods[1] = 'i';	/* pIx is pix */
			else if (nmods == 2 && (mods[1] == 'U' || mods[1] == 'u'))
				/* the fallback's case follows the profile's: Pux is PUx */
				mods[1] = mods[0] >= 'A' && mods[0] <= 'Z' ? 'U' : 'u';
			snprintf(mode, sizeof(mode), "%sx", mods);
			for (e = PAL_EXEC_X; e < PAL_EXEC_COUNT; e++)
				if (!strcmp(pal_exec_name(e), mode))
					break;
			if (e == PAL_EXEC_COUNT) {
				snprintf(m, sizeof(m), "invalid exec mode '%s'", mode);
				return pal_afail(bad, mod_at, msg, msglen, m);
			}
			/* the same mode repeated is harmless ("pxpx") */
			if (out->exec != PAL_EXEC_NONE && out->exec != (enum pal_exec)e)
				return pal_afail(bad, nmods ? mod_at : i, msg, msglen,
						 "more than one exec mode");
			out->exec = e;
			out->perms |= PAL_MAY_EXEC;
			x_at = nmods ? mod_at : i;
			nmods = 0;
			mods[0] = 0;
			break;
		default:
			if (c > ' ' && c < 0x7f)
				snprintf(m, sizeof(m), "unknown access '%c' (expected r w a l k m or an exec mode)", c);
			else
				snprintf(m, sizeof(m), "unknown access byte 0x%02x",
					 (unsigned char)c);
			return pal_afail(bad, i, msg, msglen, m);
		}
	}
	if (nmods) {
		snprintf(m, sizeof(m), "exec modifier '%c' must be followed by 'x'",
			 mods[0]);
		return pal_afail(bad, mod_at, msg, msglen, m);
	}
	if (out->exec == PAL_EXEC_X && !deny)
		return pal_afail(bad, x_at, msg, msglen,
				 "bare 'x' is only valid in deny rules (use ix, px, cx, ux, ...)");
	if (deny && out->exec > PAL_EXEC_X) {
		snprintf(m, sizeof(m), "deny rules take a bare 'x', not '%s'",
			 pal_exec_name(out->exec));
		return pal_afail(bad, x_at, msg, msglen, m);
	}
	return 0;
}
