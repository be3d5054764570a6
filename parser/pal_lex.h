/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lexer of the profile language.
 *
 * The language is context sensitive: a path glob may contain '{', ',' and
 * '}' (alternations) that are punctuation elsewhere.  A token's kind is
 * therefore decided by its first character: '/' or "@{" starts a path,
 * which runs to whitespace or to a ',' outside any {...} (a ',' followed
 * by a name character joins, as in AppArmor); anything else word-like is a
 * word.  Values of conditions may hold alternations (pal_lex_next_value()),
 * variable values are read a line at a time (pal_lex_var_values()), and
 * pal_lex_skip_rule() skips raw text up to a rule's terminating ','.
 */
#ifndef PAL_LEX_H
#define PAL_LEX_H

#include <stddef.h>

#include "pal_diag.h"

enum pal_tok_kind {
	PAL_TOK_EOF,
	PAL_TOK_WORD,		/* identifier-like: keywords, access, names */
	PAL_TOK_PATH,		/* glob starting with '/' or "@{" (raw text) */
	PAL_TOK_STRING,		/* "..." (raw text between the quotes) */
	PAL_TOK_INCNAME,	/* <...> (text between the brackets) */
	PAL_TOK_LBRACE,
	PAL_TOK_RBRACE,
	PAL_TOK_LPAREN,
	PAL_TOK_RPAREN,
	PAL_TOK_COMMA,
	PAL_TOK_EQ,
	PAL_TOK_PLUSEQ,
	PAL_TOK_ARROW,		/* -> */
	PAL_TOK_LE,		/* <= (rlimit rules) */
};

struct pal_tok {
	enum pal_tok_kind kind;
	char *text;		/* malloc'd, NULL for punctuation */
	struct pal_loc loc;
};

struct pal_lex_mark {
	size_t pos;
	unsigned int line, col;
	struct pal_loc prev_end;
};

struct pal_lex {
	struct pal_diag *diag;
	const char *file;	/* interned */
	const char *src;
	size_t len;
	size_t pos;
	unsigned int line, col;
	struct pal_loc prev_end; /* just past the last token read */
};

/* A value of a variable assignment. */
struct pal_lex_value {
	char *text;
	struct pal_loc loc;
};

void pal_lex_init(struct pal_lex *lx, struct pal_diag *diag, const char *file,
		  const char *src, size_t len);

/* Read the next token; 0 on success, -1 after reporting an error. */
int pal_lex_next(struct pal_lex *lx, struct pal_tok *t);
/*
 * Like pal_lex_next(), for a value or name that may hold alternations and
 * variables ("fstype={a,b}", "org.@{X}.Y"); in a list, ')' ends it.
 */
int pal_lex_next_value(struct pal_lex *lx, struct pal_tok *t, int in_list);
/*
 * An optional "=value" of a profile flag: the value runs to a blank, ','
 * or ')'.  *val is NULL (no '=') or malloc'd.  0 or -1.
 */
int pal_lex_flag_value(struct pal_lex *lx, char **val, struct pal_loc *loc);
/* Like pal_lex_next() without consuming; the token text is freed. */
int pal_lex_peek(struct pal_lex *lx, enum pal_tok_kind *kind,
		 struct pal_loc *loc);
void pal_tok_free(struct pal_tok *t);
const char *pal_tok_describe(enum pal_tok_kind kind);

void pal_lex_save(const struct pal_lex *lx, struct pal_lex_mark *m);
void pal_lex_restore(struct pal_lex *lx, const struct pal_lex_mark *m);
/* Location of the next character that is not blank or comment. */
struct pal_loc pal_lex_here(struct pal_lex *lx);

/*
 * Skip the body of a rule up to and including its terminating ',' at
 * nesting depth 0 of (), {} and quotes.  0 on success, -1 on error.
 */
int pal_lex_skip_rule(struct pal_lex *lx);

/*
 * If the next thing is "@{NAME} =" or "@{NAME} +=" (or "@NAME ="), consume it and return 1
 * with *name (malloc'd) and *append set; return 0 (consuming nothing) if it
 * is something else, -1 on error.
 */
int pal_lex_vardef(struct pal_lex *lx, char **name, int *append,
		   struct pal_loc *loc);
/* The same for "$NAME =" (want '$') or "@NAME =" (want '@'). */
int pal_lex_vardef_sigil(struct pal_lex *lx, int want, char **name,
			 int *append, struct pal_loc *loc);
/*
 * If the next thing is a variable reference "@NAME", "@{NAME}", "$NAME" or
 * "${NAME}", consume it and return 1 with *sigil ('@' or '$') and *name
 * (malloc'd); else 0, consuming nothing.
 */
int pal_lex_varref(struct pal_lex *lx, int *sigil, char **name,
		   struct pal_loc *loc);
/*
 * Read the values of an assignment: whitespace separated, up to the end of
 * the line.  *vals is a malloc'd array of *nvals values.  0 or -1.
 */
int pal_lex_var_values(struct pal_lex *lx, struct pal_lex_value **vals,
		       size_t *nvals);

/*
 * Is the current character a ',' that AppArmor reads as part of a name
 * ("/a,b", "fstype=ext3,ext4"): one followed by a name character?
 */
int pal_lex_comma_joins(const struct pal_lex *lx);

/* Decode \" and \\ of a quoted string (other escapes are kept). */
char *pal_unquote(const char *raw);

#endif /* PAL_LEX_H */
