#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The demo run inside the VM: confine a program, show what it may do, and
# show the audit lines palisaded wrote for what it may not.
echo "== palisade load /etc/palisade/pal_demo"
palisade load /etc/palisade/pal_demo || exit 1
palisade status
echo
echo "== /usr/bin/pal_demo runs under profile pal_demo"
for op in "r /etc/hostname" "r /etc/passwd" "r /srv/demo/readme" \
	  "r /srv/demo/secret.key" "c /srv/demo/out/result" "w /srv/demo/readme"; do
	pal_demo $op
	rc=$?
	if [ $rc = 0 ]; then verdict=allowed; else verdict="denied (errno $rc)"; fi
	printf '   %-26s %s\n' "$op" "$verdict"
done
echo "   (the same program under another name is unconfined:)"
cp /usr/bin/pal_demo /tmp/pal_other
/tmp/pal_other r /etc/passwd && echo "   r /etc/passwd              allowed"
sleep 1
echo
echo "== /var/log/palisade/audit.log"
cat /var/log/palisade/audit.log
