import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../clock/clock';
import { SecretBox } from './secret-box';
import { SpentTokens } from './spent-tokens';
import { TokenSigner } from './token-signer';

@Global()
@Module({
  providers: [
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new SecretBox(c.security.encryptionKey) },
    {
      provide: TokenSigner,
      inject: [APP_CONFIG, Clock],
      useFactory: (c: AppConfig, clock: Clock) => new TokenSigner(c.security.tokenSigningSecret, () => clock.now()),
    },
    SpentTokens,
  ],
  exports: [SecretBox, TokenSigner, SpentTokens],
})
export class CryptoModule {}
