import { imp, type TemplateContext } from './context';

/** The Sessions API routes, as `app/api/...` files: one line of wiring each. */
export interface RouteTemplate {
  /** The route's folder under app/. */
  dir: string;
  render(context: TemplateContext): string;
}

const kitImport = (context: TemplateContext) => `import { sessionKit } from '${imp(context, 'session-kit')}';`;

export const ROUTE_TEMPLATES: readonly RouteTemplate[] = [
  {
    dir: 'api/sessions',
    render: (context) => `import { createSessionsRoute, methodNotAllowed } from 'vtex-sessions-next/server';
${kitImport(context)}

// The Sessions API: GET ?items=, POST and PATCH { public: { key: { value } } }.
export const { GET, POST, PATCH } = createSessionsRoute(sessionKit);
export const PUT = methodNotAllowed(['GET', 'POST', 'PATCH']);
export const DELETE = PUT;
`,
  },
  {
    dir: 'api/sessions/form',
    render: (context) => `import { createSessionFormRoute, methodNotAllowed } from 'vtex-sessions-next/server';
${kitImport(context)}

// Where the region picker posts without JavaScript; it answers with a redirect back to
// the page, or to /region when that page cannot show the outcome.
export const { POST } = createSessionFormRoute(sessionKit);
export const GET = methodNotAllowed(['POST']);
`,
  },
  {
    dir: 'api/segments',
    render: (context) => `import { createSegmentsRoute, methodNotAllowed } from 'vtex-sessions-next/server';
${kitImport(context)}

// The current shopper's segment (VTEX's GET /api/segments).
export const { GET } = createSegmentsRoute(sessionKit);
export const POST = methodNotAllowed(['GET']);
`,
  },
  {
    dir: 'api/segments/[...token]',
    render: () => `import { createSegmentTokenRoute, methodNotAllowed } from 'vtex-sessions-next/server';

// Any segment token, decoded (a token can hold "/", hence the catch-all).
export const { GET } = createSegmentTokenRoute();
export const POST = methodNotAllowed(['GET']);
`,
  },
];
