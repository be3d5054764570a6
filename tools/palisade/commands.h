/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subcommands of palisade: one line each.  A subcommand is this line
 * plus an int do_<name>(int argc, char **argv) in any .c file of tools/palisade
 * (argv[0] is the subcommand's name).  PAL_CMD(name, function suffix,
 * usage and one-line help).
 */
PAL_CMD("status", status, "status  what is loaded: policy, authority, profiles by mode, confined processes")
PAL_CMD("load", load, "load [-I DIR]... PROFILE...|DIR  compile; these profiles become the policy")
PAL_CMD("replace", replace, "replace [-I DIR]... PROFILE...|DIR  compile and add or replace these profiles; the others stay")
PAL_CMD("remove", remove, "remove NAME...  remove profiles (and their children) by name")
PAL_CMD("enforce", enforce, "enforce NAME|FILE...  switch to enforce mode, in force and in the profile file")
PAL_CMD("complain", complain, "complain NAME|FILE...  switch to complain mode, in force and in the profile file")
PAL_CMD("kill", kill, "kill NAME|FILE...  switch to kill mode, in force and in the profile file")
PAL_CMD("disable", disable, "disable NAME|FILE...  stop confining (mode unconfined), in force and in the profile file")
PAL_CMD("mode", mode, "mode NAME...  show the mode of profiles")
PAL_CMD("audit-rate", audit_rate, "audit-rate [N]  audit records per second and CPU (0 = unlimited)")
PAL_CMD("exec", exec, "exec -p PROFILE [--] COMMAND [ARG]...  run a command confined by PROFILE")
PAL_CMD("unconfined", unconfined, "unconfined  processes with listening sockets and no profile")
PAL_CMD("explain", explain, "explain [-o] [-I DIR]... [POLICY] PROFILE ACCESS PATH...  which rule decides, computed by the kernel's decision core")
PAL_CMD("diff", diff, "diff [-I DIR]... OLD NEW [PROFILE]...  access NEW adds or removes; exit 0 when it adds none")
PAL_CMD("authority", authority, "authority [unix|daemon|maincheck]  show or set the authority level for identity switches")
PAL_CMD("extattr", extattr, "extattr [+p|-p|+main|-main|+xc|-xc]... FILE... | --restore [REGISTRY]  change or show program-control marks, or re-apply the registry")
PAL_CMD("genprof", genprof, "genprof [-d DIR] [-I DIR]... [-f LOG] [--yes|--answers FILE] [--run] PROGRAM [-- ARG...]  learn a new profile from what PROGRAM does")
PAL_CMD("logprof", logprof, "logprof [-d DIR] [-I DIR]... [-f LOG] [-p PROFILE] [-m OFFSET] [--yes|--answers FILE]  extend profiles from the events of the log")
PAL_CMD("help", help, "help  this list")
