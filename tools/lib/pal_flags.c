// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: mode flags in profile files.
 *
 * The parser gives the line and column of each profile's name; the header
 * runs from there to the '{' that opens the body.  Inside it, a
 * flags=(...) list (or AppArmor's bare "(...)" after the name) is edited
 * in place: mode flags (enforce, complain, kill, unconfined) are dropped,
 * the new mode added unless it is enforce, and the other flags (audit,
 * attach_disconnected, ...) kept in their order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pal_flags.h"
#include "pal_provenance.h"
#include "pal_ast.h"
#include "pal_diag.h"
#include "pal_parse.h"
#include "pal_util.h"

static int is_mode_flag(const char *w, size_t n)
{
	static const char *const modes[] = { "enforce", "complain", "kill",
					     "unconfined" };
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strlen(modes[i]) == n && !strncmp(w, modes[i], n))
			return 1;
	return 0;
}

/* The header's end: the '{' after @from, outside quotes and comments. */
static const char *header_end(const char *from)
{
	int q = 0;

	for (; *from; from++) {
		if (q) {
			if (*from == '\\' && from[1])
				from++;
			else if (*from == '"')
				q = 0;
		} else if (*from == '"') {
			q = 1;
		} else if (*from == '#') {
			while (*from && *from != '\n')
				from++;
			if (!*from)
				return NULL;
		} else if (*from == '{') {
			return from;
		}
	}
	return NULL;
}

char *pal_flags_edit(const char *text, size_t name_off, const char *mode)
{
	const char *hdr = text + name_off, *end = header_end(hdr), *open = NULL,
		   *close, *p, *cut_from, *cut_to;
	int enforce = !strcmp(mode, "enforce"), first = 1;
	struct pal_buf b = { 0 }, list = { 0 };

	if (!end)
		return NULL;
	/* flags=( ... ) or a bare ( ... ) inside the header. */
	for (p = hdr; p < end; p++) {
		if (*p == '(') {
			open = p;
			break;
		}
	}
	if (open) {
		close = memchr(open, ')', (size_t)(end - open));
		if (!close)
			return NULL;
		for (p = open + 1; p < close;) {
			const char *w;

			while (p < close && (*p == ' ' || *p == '\t' || *p == ',' ||
					     *p == '\n'))
				p++;
			w = p;
			while (p < close && *p != ' ' && *p != '\t' && *p != ',' &&
			       *p != '\n')
				p++;
			if (p == w || is_mode_flag(w, (size_t)(p - w)))
				continue;
			pal_buf_printf(&list, "%s%.*s", first ? "" : ", ",
				       (int)(p - w), w);
			first = 0;
		}
		if (!enforce) {
			pal_buf_printf(&list, "%s%s", first ? "" : ", ", mode);
			first = 0;
		}
		/* Whole flags=(...) goes when nothing is left. */
		cut_from = open;
		cut_to = close + 1;
		if (first) {
			const char *f = open;

			while (f > hdr && (f[-1] == ' ' || f[-1] == '\t' || f[-1] == '='))
				f--;
			if (f - hdr >= 5 && !strncmp(f - 5, "flags", 5))
				f -= 5;
			while (f > hdr && (f[-1] == ' ' || f[-1] == '\t'))
				f--;
			cut_from = f;
			pal_buf_putn(&b, text, (size_t)(cut_from - text));
		} else {
			pal_buf_putn(&b, text, (size_t)(open - text));
			pal_buf_printf(&b, "(%s)", list.s);
		}
		pal_buf_puts(&b, cut_to);
	} else {
		const char *q = end;

		while (q > hdr && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n'))
			q--;
		pal_buf_putn(&b, text, (size_t)(q - text));
		if (!enforce)
			pal_buf_printf(&b, " flags=(%s)", mode);
		pal_buf_puts(&b, q);
	}
	pal_buf_free(&list);
	return pal_buf_take(&b);
}

int pal_file_profiles(const char *path, const char *const *include_dirs,
		      int ninclude, char ***names)
{
	struct pal_parse_opts po = { include_dirs, include_dirs ? ninclude : 0 };
	struct pal_ast ast = { 0 };
	struct pal_diag d;
	size_t i;
	int n = 0;

	*names = NULL;
	pal_diag_init(&d, stderr, 0);
	if (pal_parse_file(&ast, &d, &po, path)) {
		n = -1;
		goto out;
	}
	*names = pal_xcalloc(ast.nprofiles + 1, sizeof(**names));
	for (i = 0; i < ast.nprofiles; i++) {
		const struct pal_profile *p = ast.profiles[i];
		char *name;

		if (!p->loc.file || strcmp(p->loc.file, path))
			continue;
		name = pal_profile_full_name(p);
		if (name)
			(*names)[n++] = name;
	}
out:
	pal_ast_free(&ast);
	pal_diag_fini(&d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	struct pal_buf b = { 0 };
	char buf[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		pal_buf_putn(&b, buf, n);
	fclose(f);
	*len = b.len;
	return pal_buf_take(&b);
}

/* Byte offset of 1-based @line:@col in @text. */
static size_t offset_of(const char *text, unsigned int line, unsigned int col)
{
	size_t off = 0;

	while (line > 1 && text[off]) {
		if (text[off++] == '\n')
			line--;
	}
	return off + col - 1;
}

int pal_flags_set_mode(const char *path, const char *const *include_dirs,
		       int ninclude, const char *name, const char *mode,
		       char *err, size_t errlen)
{
	struct pal_parse_opts po = { include_dirs, include_dirs ? ninclude : 0 };
	struct pal_ast ast = { 0 };
	struct pal_diag d;
	char *text = NULL, *out = NULL, tmp[4096];
	size_t i, len = 0, off;
	int ret = -ENOENT;
	FILE *f;

	/* pal_file_profiles() already said what is wrong with the text. */
	pal_diag_init(&d, NULL, 0);
	if (pal_parse_file(&ast, &d, &po, path)) {
		snprintf(err, errlen, "%s: does not parse", path);
		ret = -EINVAL;
		goto out;
	}
	text = slurp(path, &len);
	if (!text) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	for (i = 0; i < ast.nprofiles; i++) {
		const struct pal_profile *p = ast.profiles[i];
		char *full = pal_profile_full_name(p);
		int match = full && !strcmp(full, name) && p->loc.file &&
			    !strcmp(p->loc.file, path);

		free(full);
		if (!match)
			continue;
		off = offset_of(text, p->loc.line, p->loc.col);
		if (off >= len)
			break;
		out = pal_flags_edit(text, off, mode);
		break;
	}
	if (!out) {
		snprintf(err, errlen, "%s: no header of profile '%s' to edit",
			 path, name);
		goto out;
	}
	snprintf(tmp, sizeof(tmp), "%s.palisade-new", path);
	f = fopen(tmp, "w");
	if (!f || fputs(out, f) < 0 || fclose(f)) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path)) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	free(text);
	free(out);
	pal_ast_free(&ast);
	pal_diag_fini(&d);
	return ret;
}
