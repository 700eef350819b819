/**
 * A Jakarta Connectors 2.1 resource adapter that delivers RabbitMQ messages to message-driven beans
 * through the RabbitMQ JMS client, and hands out its connection factory and queues.
 */
package io.github.faafo.connector;
