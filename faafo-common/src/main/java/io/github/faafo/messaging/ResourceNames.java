package io.github.faafo.messaging;

/** JNDI names of the server resources that the modules look up; server-config creates them. */
public final class ResourceNames {

  /** The resource adapter module name (the RAR deployed before the application). */
  public static final String RESOURCE_ADAPTER = "faafo-rabbitmq-rar";

  /** The MySQL JDBC resource backed by the server's connection pool. */
  public static final String DATABASE = "jdbc/FaafoDatabase";

  /** The RabbitMQ JMS connection factory, an administered object of the resource adapter. */
  public static final String CONNECTION_FACTORY = "jms/FaafoConnectionFactory";

  /** The task queue, an administered object of the resource adapter. */
  public static final String TASK_QUEUE = "jms/FaafoTaskQueue";

  /** The dispatch request queue, an administered object of the resource adapter. */
  public static final String DISPATCH_QUEUE = "jms/FaafoDispatchQueue";

  private ResourceNames() {}
}
