// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pal_diag.h"
#include "pal_util.h"

/* What a recording diag keeps of one message (see pal_diag_record()). */
enum pal_diag_kind {
	PAL_DIAG_ERROR,
	PAL_DIAG_WARN,
	PAL_DIAG_NOTE,
	PAL_DIAG_UNENFORCED,	/* msg is the @what of pal_diag_unenforced() */
};

struct pal_diag_event {
	enum pal_diag_kind kind;
	int has_loc;
	struct pal_loc loc;
	char *msg;
};

void pal_diag_init(struct pal_diag *d, FILE *err, int strict)
{
	memset(d, 0, sizeof(*d));
	d->err = err;
	d->strict = strict;
}

void pal_diag_fini(struct pal_diag *d)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		free(d->files[i]);
	for (i = 0; i < d->nnoted; i++)
		free(d->noted[i]);
	for (i = 0; i < d->nsrcs; i++)
		free(d->srcs[i].text);
	for (i = 0; i < d->nevents; i++)
		free(d->events[i].msg);
	free(d->files);
	free(d->noted);
	free(d->srcs);
	free(d->events);
	memset(d, 0, sizeof(*d));
}

const char *pal_diag_intern(struct pal_diag *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (!strcmp(d->files[i], name))
			return d->files[i];
	PAL_GROW(d->files, d->files_cap, d->nfiles + 1);
	d->files[d->nfiles] = pal_xstrdup(name);
	return d->files[d->nfiles++];
}

void pal_diag_source(struct pal_diag *d, const char *file, const char *text,
		     size_t len)
{
	size_t i;

	if (!d->show_source)
		return;
	file = pal_diag_intern(d, file);
	for (i = 0; i < d->nsrcs; i++)
		if (d->srcs[i].file == file)
			return;
	PAL_GROW(d->srcs, d->srcs_cap, d->nsrcs + 1);
	d->srcs[d->nsrcs].file = file;
	d->srcs[d->nsrcs].text = pal_xmalloc(len + 1);
	memcpy(d->srcs[d->nsrcs].text, text, len);
	d->srcs[d->nsrcs].text[len] = 0;
	d->srcs[d->nsrcs].len = len;
	d->nsrcs++;
}

void pal_diag_take_sources(struct pal_diag *dst, struct pal_diag *src)
{
	size_t i, k;

	for (i = 0; i < src->nsrcs; i++) {
		const char *file = pal_diag_intern(dst, src->srcs[i].file);

		for (k = 0; k < dst->nsrcs; k++)
			if (dst->srcs[k].file == file)
				break;
		if (k < dst->nsrcs || !dst->show_source) {
			free(src->srcs[i].text);
			continue;
		}
		PAL_GROW(dst->srcs, dst->srcs_cap, dst->nsrcs + 1);
		dst->srcs[dst->nsrcs].file = file;
		dst->srcs[dst->nsrcs].text = src->srcs[i].text;
		dst->srcs[dst->nsrcs].len = src->srcs[i].len;
		dst->nsrcs++;
	}
	src->nsrcs = 0;
}

void pal_diag_record(struct pal_diag *d, int strict)
{
	pal_diag_init(d, NULL, strict);
	d->recording = 1;
}

static void pal_diag_keep(struct pal_diag *d, enum pal_diag_kind kind,
			  const struct pal_loc *loc, char *msg)
{
	struct pal_diag_event *ev;

	PAL_GROW(d->events, d->events_cap, d->nevents + 1);
	ev = &d->events[d->nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->has_loc = loc != NULL;
	if (loc)
		ev->loc = *loc;
	ev->msg = msg;
}

static void pal_diag_vkeep(struct pal_diag *d, enum pal_diag_kind kind,
			   const struct pal_loc *loc, const char *fmt,
			   va_list ap)
{
	va_list aq;
	char *msg;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	msg = pal_xmalloc((size_t)n + 1);
	msg[0] = 0;
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	pal_diag_keep(d, kind, loc, msg);
}

void pal_diag_replay(struct pal_diag *dst, const struct pal_diag *src)
{
	size_t i;

	for (i = 0; i < src->nevents; i++) {
		const struct pal_diag_event *ev = &src->events[i];
		const struct pal_loc *loc = ev->has_loc ? &ev->loc : NULL;

		switch (ev->kind) {
		case PAL_DIAG_ERROR:
			pal_error(dst, loc, "%s", ev->msg);
			break;
		case PAL_DIAG_WARN:
			pal_warn(dst, loc, "%s", ev->msg);
			break;
		case PAL_DIAG_NOTE:
			pal_note(dst, loc, "%s", ev->msg);
			break;
		case PAL_DIAG_UNENFORCED:
			pal_diag_unenforced(dst, loc, ev->msg);
			break;
		}
	}
}

/* The line of @loc and a caret under its column, tabs kept for alignment. */
static void pal_quote(struct pal_diag *d, const struct pal_loc *loc)
{
	const char *s = NULL, *end, *p;
	size_t i, len = 0;
	unsigned int line = 1, col;

	for (i = 0; i < d->nsrcs; i++)
		if (!strcmp(d->srcs[i].file, loc->file)) {
			s = d->srcs[i].text;
			len = d->srcs[i].len;
		}
	if (!s)
		return;
	end = s + len;
	for (p = s; p < end && line < loc->line; p++)
		if (*p == '\n')
			line++;
	if (line != loc->line || p >= end)
		return;
	s = p;
	while (p < end && *p != '\n')
		p++;
	fprintf(d->err, "  %.*s\n  ", (int)(p - s), s);
	for (col = 1; col < loc->col && s + col - 1 < p; col++)
		fputc(s[col - 1] == '\t' ? '\t' : ' ', d->err);
	fputs("^\n", d->err);
}

static void pal_vreport(struct pal_diag *d, const struct pal_loc *loc,
			const char *sev, const char *fmt, va_list ap)
{
	if (!d->err)
		return;
	if (loc && loc->file && loc->line)
		fprintf(d->err, "%s:%u:%u: %s: ", loc->file, loc->line,
			loc->col, sev);
	else if (loc && loc->file)
		fprintf(d->err, "%s: %s: ", loc->file, sev);
	else
		fprintf(d->err, "palisade_parser: %s: ", sev);
	vfprintf(d->err, fmt, ap);
	fputc('\n', d->err);
	if (d->show_source && loc && loc->file && loc->line)
		pal_quote(d, loc);
}

void pal_error(struct pal_diag *d, const struct pal_loc *loc,
	       const char *fmt, ...)
{
	va_list ap;

	d->nerrors++;
	va_start(ap, fmt);
	if (d->recording)
		pal_diag_vkeep(d, PAL_DIAG_ERROR, loc, fmt, ap);
	else
		pal_vreport(d, loc, "error", fmt, ap);
	va_end(ap);
}

void pal_warn(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...)
{
	va_list ap;

	d->nwarnings++;
	if (d->quiet)
		return;
	va_start(ap, fmt);
	if (d->recording)
		pal_diag_vkeep(d, PAL_DIAG_WARN, loc, fmt, ap);
	else
		pal_vreport(d, loc, "warning", fmt, ap);
	va_end(ap);
}

void pal_note(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...)
{
	va_list ap;

	if (d->quiet)
		return;
	va_start(ap, fmt);
	if (d->recording)
		pal_diag_vkeep(d, PAL_DIAG_NOTE, loc, fmt, ap);
	else
		pal_vreport(d, loc, "note", fmt, ap);
	va_end(ap);
}

int pal_diag_unenforced(struct pal_diag *d, const struct pal_loc *loc,
			const char *what)
{
	size_t i;

	if (d->strict) {
		pal_error(d, loc, "%s are parsed, not enforced (--strict)", what);
		return -1;
	}
	/* "once per compile" is decided when the replay reaches it */
	if (d->recording) {
		pal_diag_keep(d, PAL_DIAG_UNENFORCED, loc, pal_xstrdup(what));
		return 0;
	}
	for (i = 0; i < d->nnoted; i++)
		if (!strcmp(d->noted[i], what))
			return 0;
	PAL_GROW(d->noted, d->noted_cap, d->nnoted + 1);
	d->noted[d->nnoted++] = pal_xstrdup(what);
	pal_note(d, loc, "%s are parsed, not enforced", what);
	return 0;
}
