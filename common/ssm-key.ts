/**
 * An Elasticsearch API key kept in an SSM SecureString (the encoded key, or
 * JSON {"elasticsearchApiKey": "…"}), read once at a Lambda's cold start.
 * A missing or unreadable parameter stops the cold start naming the
 * variable, never showing the value.
 */
import { ConfigError } from './env.js';

export async function readApiKeyParameter(variable: string, name: string): Promise<string> {
  // Loaded only here: the AWS SDK ships with the Lambda runtime, and a deployment without the parameter never pays for it.
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  let raw: string | undefined;
  try {
    const client = new SSMClient({});
    raw = (await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
    client.destroy();
  } catch (error) {
    throw new ConfigError(`${variable}: could not read SSM parameter ${name} (${error instanceof Error ? error.name : 'error'})`);
  }
  let apiKey = raw?.trim();
  if (apiKey?.startsWith('{')) {
    try {
      apiKey = (JSON.parse(apiKey) as { elasticsearchApiKey?: string }).elasticsearchApiKey;
    } catch {
      apiKey = undefined;
    }
  }
  if (!apiKey) throw new ConfigError(`${variable}: parameter ${name} holds no API key (the encoded key, or {"elasticsearchApiKey": "…"})`);
  return apiKey;
}
