import 'reflect-metadata';
import { HttpException, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TriggerKitHttpException, TriggerKitServerModule } from '@triggerkit/nestjs';
import { nestHost } from '@triggerkit/host-kit';

export const { framework, startHost } = nestHost({ hostUrl: import.meta.url, NestFactory, Module, HttpException, TriggerKitHttpException, TriggerKitServerModule, FastifyAdapter });
