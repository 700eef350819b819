/** Integration tests: the whole system on Payara Micro against the real MariaDB and RabbitMQ. */
package io.github.faafo.it;
