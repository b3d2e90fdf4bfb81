# Sourced by bin/city-indicators: the JDK's class-data sharing (AppCDS) for the command line's JVM.
#
# A JVM that maps an archive of the classes a night loads (Spark, Delta, Scala, Hadoop: about 30,000 classes)
# skips reading, parsing and verifying them: a night with nothing new takes about 4 s as a whole process instead of
# 7 s, a fresh sample night about 7% less. The first `run` after a build records the archive as it exits (that night
# takes 10-30 s longer); every later command maps it. A build rewrites the project's jar, which makes the archive
# stale, and the next `run` records it again (the JVM would otherwise refuse the archive, silently, and load classes
# as usual, as it does with an archive it cannot use for any other reason: another JDK, say).
# CITY_INDICATORS_CLASS_ARCHIVE=off turns it off.

# class_archive_flags ARCHIVE BUILT COMMAND    (BUILT: a file every build rewrites, the project's jar)
# Sets CLASS_ARCHIVE_FLAGS (JVM options) and CLASS_ARCHIVE_RECORDING (where this JVM writes a new archive at exit,
# empty when it does not record one).
class_archive_flags() {
  local archive="$1" built="$2" command="$3"
  CLASS_ARCHIVE_FLAGS=()
  CLASS_ARCHIVE_RECORDING=""
  [ "${CITY_INDICATORS_CLASS_ARCHIVE:-on}" = "off" ] && return 0
  # the JVM's own messages about classes it cannot archive (generated, old class files) are not the night's
  local quiet="-Xlog:cds*=off"
  if [ -f "$archive" ] && [ "$archive" -nt "$built" ]; then
    CLASS_ARCHIVE_FLAGS=("-XX:SharedArchiveFile=$archive" "$quiet")
  elif [ "$command" = "run" ]; then
    # a night is what the archive should hold; `--help` or `export` first would leave most of Spark out of it
    CLASS_ARCHIVE_RECORDING="$archive.$$.recording"
    CLASS_ARCHIVE_FLAGS=("-XX:ArchiveClassesAtExit=$CLASS_ARCHIVE_RECORDING" "$quiet")
  fi
}

# class_archive_keep RECORDING ARCHIVE EXIT_STATUS
# Puts a recording in place (a rename, so that a JVM starting meanwhile sees the old archive or the new one, never
# half of one) when its night ended well; removes it otherwise.
class_archive_keep() {
  local recording="$1" archive="$2" status="$3"
  [ -n "$recording" ] || return 0
  if [ "$status" = "0" ] && [ -s "$recording" ]; then
    mv -f "$recording" "$archive"
  else
    rm -f "$recording"
  fi
}
