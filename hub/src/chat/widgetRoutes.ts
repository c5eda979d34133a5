import type { FastifyInstance, FastifyReply } from 'fastify';
import { CHAT_EMBED_PATH, CHAT_PAGE_PATH, CHAT_SCRIPT_PATH } from '../../../shared/hub/chatApi';
import type { HubContext } from '../hubContext';
import { CHAT_STYLE_PATH, renderChatPage, widgetBundles } from './widgetAssets';
import { widgetHeaders, type WidgetResource } from './widgetHeaders';

/**
 * The visitor widget (issue 8 part 1): the page, its script and style, and the embed script a
 * service puts on its site. Open to anyone; bundled once at start (widgetAssets.ts). Nothing here
 * looks at the request: no address, no header, no cookie is read, and none is set.
 */
export async function registerChatWidgetRoutes(app: FastifyInstance, context: HubContext): Promise<void> {
  const bundles = await widgetBundles();
  const page = renderChatPage(bundles.pageTemplate, context.policy.chat);
  const serve = (reply: FastifyReply, resource: WidgetResource, contentType: string, body: string): FastifyReply =>
    reply.headers(widgetHeaders(context.policy.chat, resource)).type(contentType).send(body);

  await app.register((scope, _options, done) => {
    // Whatever another part of the hub might add one day: these responses never set a cookie.
    scope.addHook('onSend', (_request, reply, payload, next) => {
      reply.removeHeader('set-cookie');
      next(null, payload);
    });
    scope.get(CHAT_PAGE_PATH, (_request, reply) => serve(reply, 'page', 'text/html; charset=utf-8', page));
    scope.get(CHAT_SCRIPT_PATH, (_request, reply) => serve(reply, 'asset', 'text/javascript; charset=utf-8', bundles.script));
    scope.get(CHAT_STYLE_PATH, (_request, reply) => serve(reply, 'asset', 'text/css; charset=utf-8', bundles.style));
    scope.get(CHAT_EMBED_PATH, (_request, reply) => serve(reply, 'embed', 'text/javascript; charset=utf-8', bundles.embed));
    done();
  });
}
