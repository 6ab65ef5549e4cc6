// Which requests the office's sending routes answer (sending-routes.ts), told from the path alone so
// the API loads that code only for them.

/** Whether sending-routes.ts answers this path (with its answer, or a refused method). */
export const isSendingPath = (path: string) => path.startsWith('/v1/sending');
