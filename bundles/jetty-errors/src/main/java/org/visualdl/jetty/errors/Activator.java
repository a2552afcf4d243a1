package org.visualdl.jetty.errors;

import java.util.Map;
import org.apache.felix.http.jetty.LoadBalancerCustomizerFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Installs {@link JsonErrorHandler} as the error handler of Felix HTTP's Jetty server.
 *
 * <p>Felix HTTP does not publish its {@link Server}. A request customizer (Felix's {@code
 * LoadBalancerCustomizerFactory} hook, enabled by {@code
 * org.apache.felix.proxy.load.balancer.connection.enable=true}) sees every parsed request, and
 * through it the server: the first request installs the handler, later ones only check it (Felix
 * builds a new server when its configuration changes). The launcher's own health check is that
 * first request, before it prints the link. The customizer changes nothing in the request.
 *
 * <p>A {@code ConnectorFactory} is handed the server too, but Felix then insists on a connector
 * with a socket, which would open a second port.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {
  static final String HEADERS_PROPERTY = "org.apache.felix.http.jetty.errorPageCustomHeaders";

  private ServiceRegistration<LoadBalancerCustomizerFactory> registration;

  @Override
  public void start(BundleContext context) {
    JsonErrorHandler handler =
        new JsonErrorHandler(JsonErrorHandler.parseHeaders(context.getProperty(HEADERS_PROPERTY)));
    HttpConfiguration.Customizer installer =
        (request, responseHeaders) -> {
          Server server = request.getConnectionMetaData().getConnector().getServer();
          if (server.getErrorHandler() != handler) {
            server.setErrorHandler(handler);
          }
          return request;
        };
    LoadBalancerCustomizerFactory factory = () -> installer;
    registration = context.registerService(LoadBalancerCustomizerFactory.class, factory, null);
  }

  @Override
  public void stop(BundleContext context) {
    if (registration != null) {
      registration.unregister();
      registration = null;
    }
  }
}
