/**
 * JMH benchmarks of the piwheels protocol codec: {@code IDLE} (the commonest slave
 * message), {@code BUILT} with ten files and a 100 kB build log, and a 1 MiB file
 * {@code CHUNK}. Build with {@code mvn -pl piwheels-benchmarks -am package} and run
 * {@code java -jar piwheels-benchmarks/target/benchmarks.jar}; results and the exact
 * commands are in {@code docs/benchmarks.md}.
 */
package org.piwheels.benchmarks;
