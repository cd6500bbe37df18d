import express from 'express';
import { triggerKitRouter } from '@triggerkit/express';
import { expressHost } from '@triggerkit/host-kit';

export const { framework, startHost } = expressHost({ hostUrl: import.meta.url, express, triggerKitRouter });
