/** The lesson reader's route: rendered on the server without the client app (`csr = false`). */
export const LESSON_ROUTE_ID = '/(learn)/learn/[module]/[lesson]';
