/**
 * The Frontend API: how a visualization plugin contributes HTTP routes and a UI module without
 * touching HTTP.
 *
 * <p>A plugin is an OSGi service implementing {@link org.visualdl.api.frontend.VisualizationPlugin}.
 * It describes its routes as plain values; the server mounts each under
 * {@code /api/plugins/{name}/{path}}, validates the declared parameters, calls the handler, and
 * serialises the returned object as JSON (or sends a {@link org.visualdl.api.frontend.BinaryResult}
 * as it is). A {@link org.visualdl.api.frontend.RouteException} becomes an HTTP status with a JSON
 * body {@code {"error": "..."}}. Files under the folder {@code ui/} of the plugin's bundle are
 * served under {@code /plugins/{name}/}; the UI shell imports the module named by
 * {@link org.visualdl.api.frontend.VisualizationPlugin#uiModule()}.
 *
 * <pre>{@code
 * @Component(service = VisualizationPlugin.class)
 * public class HelloPlugin implements VisualizationPlugin {
 *   public String name() { return "hello"; }
 *   public String title() { return "Hello"; }
 *   public List<Route> routes() {
 *     return List.of(Route.get("greet", List.of(Param.required("who", ParamType.STRING)),
 *         request -> Map.of("greeting", "Hello, " + request.string("who"))));
 *   }
 * }
 * }</pre>
 */
@Export
@Version("1.1.0")
package org.visualdl.api.frontend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
