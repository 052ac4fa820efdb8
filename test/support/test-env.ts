// Quiet structured logs and EMF metrics in tests unless asked for (LOG_LEVEL=DEBUG npm test).
process.env.LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
