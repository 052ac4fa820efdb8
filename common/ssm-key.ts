/**
 * An Elasticsearch API key kept in an SSM SecureString (the encoded key, or
 * JSON {"elasticsearchApiKey": "…"}), read once at a Lambda's cold start.
 * A missing or unreadable parameter stops the cold start naming the
 * variable, never showing the value.
 */
import { ConfigError } from './env.js';

/** An SSM SecureString's value, decrypted; a failure names the variable, never the value. */
export async function readSecureParameter(variable: string, name: string): Promise<string | undefined> {
  // Loaded only here: the AWS SDK ships with the Lambda runtime, and a deployment without the parameter never pays for it.
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  try {
    const client = new SSMClient({});
    const value = (await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
    client.destroy();
    return value;
  } catch (error) {
    throw new ConfigError(`${variable}: could not read SSM parameter ${name} (${error instanceof Error ? error.name : 'error'})`);
  }
}

export async function readApiKeyParameter(variable: string, name: string): Promise<string> {
  const raw = await readSecureParameter(variable, name);
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
