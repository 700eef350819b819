/** JMH benchmarks of the worker's renderer and PNG encoder; run by run-render-bench.sh. */
package io.github.faafo.bench;
