<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows sitemap files as a readable page in a browser; search engines ignore it. -->
<xsl:stylesheet version="2.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <title>piwheels - Sitemap</title>
        <link rel="stylesheet" href="/styles.css"/>
      </head>
      <body>
        <header class="site-header"><div class="bar"><a class="logo" href="/"><img src="/piwheels-logo.svg" alt="piwheels home" width="160" height="40"/></a></div></header>
        <main>
          <h2>Sitemap</h2>
          <table class="api">
            <thead><tr><th scope="col">Address</th><th scope="col">Last modified</th></tr></thead>
            <tbody>
              <xsl:for-each select="sm:sitemapindex/sm:sitemap | sm:urlset/sm:url">
                <tr>
                  <td><a href="{sm:loc}"><xsl:value-of select="sm:loc"/></a></td>
                  <td><xsl:value-of select="sm:lastmod"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </main>
        <footer class="site-footer"><p><a href="/">piwheels</a></p></footer>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
