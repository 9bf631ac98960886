package org.piwheels.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;

/**
 * Renders the Mustache templates under {@code org/piwheels/web/templates}.
 * Templates hold no logic; every value comes ready-made from a view model.
 * Compiled templates are cached by the factory, and rendering is thread-safe.
 */
final class TemplateRenderer {
    private final DefaultMustacheFactory factory = new DefaultMustacheFactory("org/piwheels/web/templates") {
        @Override
        public void encode(String value, Writer writer) {
            HtmlText.escape(value, writer);
        }
    };

    /**
     * @param template name without the {@code .mustache} suffix
     * @param scopes   view models (the layout and the page); their names must not overlap
     * @return the rendered text
     */
    String render(String template, Object... scopes) {
        Mustache mustache = factory.compile(template + ".mustache");
        StringWriter out = new StringWriter(8192);
        mustache.execute(out, List.of(scopes));
        return out.toString();
    }
}
