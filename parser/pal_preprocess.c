// SPDX-License-Identifier: GPL-2.0
/*
 * -p: a profile's text with its includes inlined.  A scanner of its own
 * rather than the parser: the output must be the text as written (comments,
 * variables, conditionals untouched), only the include directives replaced
 * by what they name.  It knows just enough of the language to find them:
 * comments, quoted strings, and "include" / "#include" / "include if
 * exists" as a word at the start of a rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palisade_parser.h"
#include "pal_diag.h"
#include "pal_parse.h"
#include "pal_source.h"
#include "pal_util.h"

/* The parser's bound: deeper is an include loop. */
#define PAL_PP_MAX_DEPTH PAL_INCLUDE_MAX_DEPTH

struct pal_pp {
	const struct pal_compile_opts *o;
	struct pal_diag *d;
	FILE *out;
};

static int pal_pp_file(struct pal_pp *pp, const char *path,
		       const struct pal_loc *at, int depth);

static struct pal_loc pal_pp_loc(struct pal_diag *d, const char *file,
				 const char *text, size_t off)
{
	struct pal_loc l = { pal_diag_intern(d, file), 1, 1 };
	size_t i;

	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			l.line++;
			l.col = 1;
		} else {
			l.col++;
		}
	}
	return l;
}

static int pal_pp_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Does @word start at @s (within @end) and end at a blank? */
static int pal_pp_word(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - s) > n && !memcmp(s, word, n) &&
	       pal_pp_blank(s[n]);
}

/*
 * An include directive at @s ("include" already matched, @s just past it):
 * parse the rest, inline it, return the position after it (NULL on error).
 */
static const char *pal_pp_include(struct pal_pp *pp, const char *file,
				  const char *text, const char *s,
				  const char *end, const char *start, int depth)
{
	struct pal_loc at = pal_pp_loc(pp->d, file, text, (size_t)(start - text));
	int optional = 0, angle = 0, ret = 0;
	const char *n0, *n1;
	char *name, *path;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (pal_pp_word(s, end, "if")) {
		s += 2;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (!pal_pp_word(s, end, "exists")) {
			pal_error(pp->d, &at, "expected 'exists' after 'include if'");
			return NULL;
		}
		optional = 1;
		s += 6;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
	}
	if (s < end && (*s == '<' || *s == '"')) {
		char close = *s == '<' ? '>' : '"';

		angle = *s == '<';
		n0 = ++s;
		while (s < end && *s != close && *s != '\n')
			s++;
		if (s >= end || *s != close) {
			pal_error(pp->d, &at, "unterminated include name");
			return NULL;
		}
		n1 = s++;
	} else {
		n0 = s;
		while (s < end && !pal_pp_blank(*s) && *s != ',')
			s++;
		n1 = s;
	}
	/* <"name with blanks"> */
	if (angle && n1 - n0 >= 2 && *n0 == '"' && n1[-1] == '"') {
		n0++;
		n1--;
	}
	if (n1 == n0) {
		pal_error(pp->d, &at, "empty include name");
		return NULL;
	}
	name = pal_xstrndup(n0, (size_t)(n1 - n0));
	path = pal_include_find(name, angle, file, pp->o->include_dirs,
				pp->o->ninclude_dirs);
	if (!path) {
		if (!optional)
			pal_error(pp->d, &at, "cannot find include %c%s%c",
				  angle ? '<' : '"', name, angle ? '>' : '"');
		else
			fprintf(pp->out, "# include if exists %c%s%c: not found\n",
				angle ? '<' : '"', name, angle ? '>' : '"');
		free(name);
		return optional ? s : NULL;
	}
	if (depth >= PAL_PP_MAX_DEPTH) {
		pal_error(pp->d, &at, "includes nested more than %d deep (an include loop?)",
			  PAL_PP_MAX_DEPTH);
		ret = -1;
	} else if (pal_is_dir(path)) {
		char **files;
		size_t nf, i;

		if (pal_dir_files(path, &files, &nf)) {
			pal_error(pp->d, &at, "cannot list include directory '%s'", path);
			ret = -1;
			nf = 0;
			files = NULL;
		}
		for (i = 0; i < nf; i++) {
			if (!ret)
				ret = pal_pp_file(pp, files[i], &at, depth + 1);
			free(files[i]);
		}
		free(files);
	} else {
		ret = pal_pp_file(pp, path, &at, depth + 1);
	}
	free(name);
	free(path);
	return ret ? NULL : s;
}

static int pal_pp_text(struct pal_pp *pp, const char *file, const char *text,
		       size_t len, int depth)
{
	const char *s = text, *end = text + len, *copied = text;
	int rule_start = 1;

	while (s < end) {
		const char *start = s;

		if (*s == '#') {
			if (pal_pp_word(s, end, "#include")) {
				fwrite(copied, 1, (size_t)(s - copied), pp->out);
				s = pal_pp_include(pp, file, text, s + 8, end,
						   start, depth);
				if (!s)
					return -1;
				copied = s;
				continue;
			}
			while (s < end && *s != '\n')
				s++;
			continue;
		}
		if (*s == '"') {
			for (s++; s < end && *s != '"'; s++)
				if (*s == '\\' && s + 1 < end)
					s++;
			s += s < end;
			rule_start = 0;
			continue;
		}
		if (rule_start && pal_pp_word(s, end, "include")) {
			fwrite(copied, 1, (size_t)(s - copied), pp->out);
			s = pal_pp_include(pp, file, text, s + 7, end, start,
					   depth);
			if (!s)
				return -1;
			copied = s;
			continue;
		}
		if (*s == ',' || *s == '{' || *s == '}')
			rule_start = 1;
		else if (!pal_pp_blank(*s))
			rule_start = 0;
		s++;
	}
	fwrite(copied, 1, (size_t)(end - copied), pp->out);
	return 0;
}

static int pal_pp_file(struct pal_pp *pp, const char *path,
		       const struct pal_loc *at, int depth)
{
	char *text;
	size_t len;
	int ret;

	if (pal_source_read(pp->d, at, path, &text, &len))
		return -1;
	if (depth)
		fprintf(pp->out, "\n# include %s\n", path);
	ret = pal_pp_text(pp, path, text, len, depth);
	if (depth)
		fprintf(pp->out, "\n# end of include %s\n", path);
	free(text);
	return ret;
}

int pal_preprocess_file(const struct pal_compile_opts *opts, const char *path,
			FILE *out, FILE *err)
{
	struct pal_diag d;
	struct pal_pp pp = { opts, &d, out };
	int ret;

	pal_diag_init(&d, err, 0);
	ret = pal_pp_file(&pp, path, NULL, 0);
	pal_diag_fini(&d);
	return ret;
}
