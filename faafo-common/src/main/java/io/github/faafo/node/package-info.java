/** What names this node among the servers that run faafo together. */
package io.github.faafo.node;
