import type { FastifyInstance, FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { commands, type BulkResult, type CommandName, type RemoveResult } from '../../app/contract/commands.js';
import { contractErrorBody, ContractError, type ContractErrorCode } from '../../app/contract/errors.js';
import type { Reply } from '../../app/contract/messages.js';
import { z } from '../../app/domain/zod.js';
import type { PeregrineService } from '../service/service.js';
import { finishedFileOf } from '../service/task-files.js';

const statusFor: Readonly<Record<ContractErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  refused: 409,
  store_failed: 503,
  internal: 500,
};

/** What browser-extension integrations send (AB Download Manager's shape): one item per link. */
const extensionPayload = z.strictObject({
  items: z
    .array(
      z.looseObject({
        link: z.string(),
        headers: z.nullish(z.record(z.string(), z.string())),
        suggestedName: z.nullish(z.string()),
        downloadPage: z.nullish(z.string()),
        description: z.nullish(z.string()),
      }),
    )
    .check(z.minLength(1), z.maxLength(10_000)),
  options: z.optional(z.looseObject({ silentAdd: z.optional(z.boolean()), silentStart: z.optional(z.boolean()) })),
});

const taskIdParam = z.strictObject({ id: z.pipe(z.coerce.number(), z.int().check(z.positive())) });
const taskActions = ['pause', 'resume', 'retry', 'cancel'] as const;

/** The REST API for scripts and extensions: thin routes over the same dispatch, validated by the same schemas. */
export function addRestRoutes(app: FastifyInstance, service: PeregrineService): void {
  const answer = async (reply: FastifyReply, result: Reply, okStatus = 200): Promise<void> => {
    if (result.ok) await reply.code(okStatus).send(result.result);
    else await reply.code(statusFor[result.error.code]).send(result.error);
  };
  const idOf = (params: unknown): number | undefined => {
    const parsed = taskIdParam.safeParse(params);
    return parsed.success ? parsed.data.id : undefined;
  };
  const badId = { code: 'invalid_input', message: 'a download id is a positive whole number' };

  app.post('/api/downloads', async (request, reply) => {
    const extension = extensionPayload.safeParse(request.body);
    if (!extension.success) return answer(reply, await service.dispatch('tasks.add', request.body), 201);
    // Each item may carry its own headers and name: one add per item, one answer for all.
    const ids: number[] = [];
    const duplicates: unknown[] = [];
    const rejected: unknown[] = [];
    for (const item of extension.data.items) {
      const result = await service.dispatch('tasks.add', {
        urls: [item.link],
        ...(item.headers ? { headers: Object.fromEntries(Object.entries(item.headers).map(([name, value]) => [name.toLowerCase(), value])) } : {}),
        ...(item.suggestedName ? { fileName: item.suggestedName } : {}),
        ...(extension.data.options?.silentStart === false ? { startPaused: true } : {}),
      });
      if (result.ok) {
        const added = result.result as { ids: number[]; duplicates: unknown[]; rejected: unknown[] };
        ids.push(...added.ids);
        duplicates.push(...added.duplicates);
        rejected.push(...added.rejected);
      } else {
        rejected.push({ url: item.link, code: result.error.code, message: result.error.message });
      }
    }
    if (ids.length === 0 && duplicates.length === 0) return reply.code(400).send({ code: 'invalid_input', message: 'no link could be added', rejected });
    return reply.code(201).send({ ids, duplicates, rejected });
  });

  app.get('/api/downloads', () => Promise.resolve(service.snapshot().tasks));

  app.get('/api/downloads/:id', async (request, reply) => {
    const id = idOf(request.params);
    if (id === undefined) return reply.code(400).send(badId);
    return answer(reply, await service.dispatch('tasks.details', { id }));
  });

  // A finished download's file, as the page's row offers it to be dragged out (a Chromium DownloadURL drag fetches it on the drop).
  // Behind the same token as every other route; the file is found from the task's own record, never from a path the client gives.
  app.get('/api/downloads/:id/file', async (request, reply) => {
    const id = idOf(request.params);
    if (id === undefined) return reply.code(400).send(badId);
    let file: string;
    let name: string;
    const task = service.tasks.get(id);
    if (task === undefined) return reply.code(404).send({ code: 'not_found', message: `no download ${id}` });
    try {
      file = await finishedFileOf(task);
      name = task.fileName ?? String(id);
    } catch (error) {
      if (error instanceof ContractError) return reply.code(statusFor[error.code]).send(error.toBody());
      throw error;
    }
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${rfc5987(name)}`)
      .send(createReadStream(file));
  });

  for (const action of taskActions) {
    app.post(`/api/downloads/:id/${action}`, async (request, reply) => {
      const id = idOf(request.params);
      if (id === undefined) return reply.code(400).send(badId);
      const result = await service.dispatch(`tasks.${action}`, { ids: [id] });
      if (!result.ok) return answer(reply, result);
      const { tasks, refused } = result.result as BulkResult;
      const refusal = refused[0];
      if (refusal !== undefined) return reply.code(statusFor[refusal.code]).send(refusal);
      return reply.send(tasks[0]);
    });
  }

  app.delete('/api/downloads/:id', async (request, reply) => {
    const id = idOf(request.params);
    if (id === undefined) return reply.code(400).send(badId);
    const deleteFile = (request.query as Record<string, string | undefined>).deleteFile === 'true';
    const result = await service.dispatch('tasks.remove', { ids: [id], deleteFile });
    if (!result.ok) return answer(reply, result);
    const { removed, refused } = result.result as RemoveResult;
    const refusal = refused[0];
    if (refusal !== undefined) return reply.code(statusFor[refusal.code]).send(refusal);
    return reply.send(removed[0]);
  });

  app.get('/api/stats', () => Promise.resolve(service.stats()));

  app.get('/api/openapi.json', () => Promise.resolve(openApiDocument()));
}

/** The command inputs as JSON Schema, generated from the zod schemas the server validates with. */
function openApiDocument(): unknown {
  const schemas: Record<string, unknown> = {};
  for (const name of Object.keys(commands) as CommandName[]) {
    schemas[name] = z.toJSONSchema(commands[name].input, { io: 'input', unrepresentable: 'any' });
  }
  // What every 4xx/5xx answer carries: a refusal says why by its code.
  schemas.error = z.toJSONSchema(contractErrorBody());
  const json = { 'application/json': { schema: { $ref: '#/components/schemas/tasks.add' } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Peregrine local API', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas },
    security: [{ bearer: [] }],
    paths: {
      '/api/downloads': {
        get: { summary: 'Every download, as task views' },
        post: { summary: 'Add downloads (also accepts {items:[{link, headers?, suggestedName?}]})', requestBody: { content: json } },
      },
      '/api/downloads/{id}': { get: { summary: 'Everything about one download' }, delete: { summary: 'Remove it (?deleteFile=true deletes the file too)' } },
      ...Object.fromEntries(taskActions.map((action) => [`/api/downloads/{id}/${action}`, { post: { summary: `${action} one download` } }])),
      '/api/stats': { get: { summary: 'Total speed and counts by state' } },
    },
  };
}

/** A value for `filename*=UTF-8''…` (RFC 5987): encodeURIComponent leaves ' ( ) * as they are, which that syntax does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
