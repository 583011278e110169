import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver.js';

/** What auditors use to check the record itself. */
@Module({ providers: [AuditResolver] })
export class AuditModule {}
