/**
 * A local stand-in for AWS Systems Manager Parameter Store: the JSON protocol
 * `GetParameter` speaks (POST, `X-Amz-Target: AmazonSSM.GetParameter`), over
 * real HTTP, so the real AWS SDK and Powertools read parameters from it when
 * pointed here with AWS_ENDPOINT_URL_SSM. Tests and the bench use it to run
 * the cold-start key read with no AWS account; it counts the reads.
 */
import { close, listen } from '../http-server.js';
import { createServer, type Server } from 'node:http';

export class LocalSsm {
  readonly parameters = new Map<string, string>();
  reads = 0;
  private server?: Server;
  url = '';

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify(body));
        };
        if (req.headers['x-amz-target'] !== 'AmazonSSM.GetParameter') return send(400, { __type: 'UnknownOperationException', message: 'only GetParameter' });
        if (!req.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) return send(400, { __type: 'MissingAuthenticationTokenException', message: 'unsigned request' });
        this.reads += 1;
        const { Name } = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { Name?: string };
        const value = Name ? this.parameters.get(Name) : undefined;
        if (value === undefined) return send(400, { __type: 'ParameterNotFound', message: `parameter ${Name} not found` });
        return send(200, { Parameter: { Name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' } });
      });
    });
    this.url = await listen(this.server);
    return this.url;
  }

  /** The environment that points the AWS SDK here (with throwaway credentials: requests are signed, not checked). */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_SSM: this.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIALOCALSTANDIN0000',
      AWS_SECRET_ACCESS_KEY: 'local-stand-in-secret',
    };
  }

  close(): Promise<void> {
    return close(this.server);
  }
}
