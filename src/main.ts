import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { createHttpApp } from './http/create-http-app';
import { AppConfig, ConfigError } from './config/app-config';
import { createRootLogger, PinoNestLogger } from './common/logger';
import { startedLine } from './started';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = new AppConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  if (config.runsHttp) {
    const app = await createHttpApp(config);
    await app.listen({ port: config.port, host: '0.0.0.0' });
    const address = app.getHttpServer().address();
    const { fields, msg } = startedLine(config, typeof address === 'object' && address ? address.port : config.port);
    createRootLogger(config.logLevel).info(fields, msg);
  } else {
    const logger = createRootLogger(config.logLevel);
    const app = await NestFactory.createApplicationContext(AppModule.forRole(config), {
      logger: new PinoNestLogger(logger),
    });
    app.enableShutdownHooks();
    const { fields, msg } = startedLine(config);
    logger.info(fields, msg);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`start-up failed: ${err.message}\n`);
  process.exit(1);
});
