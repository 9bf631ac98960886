#!/bin/sh
# Start-up time of the quick commands' --help, installed from the packages, with and
# without their class-data-sharing archive (the packaged runtime started directly), against plain `java -cp` on the system JDK.
# Run as root on a machine with piwheels-tools and piwheels-monitor installed and
# hyperfine available: sh piwheels-packaging/bench/startup.sh [RUNS]
set -e
runs=${1:-20}
for cmd in piw-add piw-remove piw-rebuild piw-monitor; do
    case $cmd in
        piw-monitor) pkg=piwheels-monitor main=org.piwheels.monitor.PiwMonitor ;;
        piw-add) pkg=piwheels-tools main=org.piwheels.tools.add.PiwAdd ;;
        piw-remove) pkg=piwheels-tools main=org.piwheels.tools.remove.PiwRemove ;;
        piw-rebuild) pkg=piwheels-tools main=org.piwheels.tools.rebuild.PiwRebuild ;;
    esac
    cp="/opt/$pkg/lib/app/*"
    hyperfine --warmup 2 --runs "$runs" --export-markdown "/tmp/startup-$cmd.md" \
        -n "java -cp (system JDK, default CDS)" "java -cp '$cp' $main --help" \
        -n "packaged runtime, default CDS only" "/opt/$pkg/lib/runtime/bin/java -cp '$cp' $main --help" \
        -n "$cmd (AppCDS)" "$cmd --help"
done
cat /tmp/startup-piw-*.md
