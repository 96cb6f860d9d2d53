// The API reference at /docs: Swagger UI, bundled from npm with the console
// (no CDN, works offline and under the console's script-src 'self'),
// rendering the server's own /openapi.json.
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';
import './docs.css';

SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#docs',
  deepLinking: true,
  // The public validator badge would call out to the internet.
  validatorUrl: null,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
  docExpansion: 'list',
  filter: true,
  // Sends requests to this server with the token given under Authorize.
  tryItOutEnabled: false,
  persistAuthorization: false,
});
