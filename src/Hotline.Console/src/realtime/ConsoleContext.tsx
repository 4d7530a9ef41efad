import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CurrentUser } from '../api/contract';
import type { ConsoleState } from '../state';
import type { ConsoleConnection, ConsoleStore } from './consoleConnection';

export interface ConsoleServices {
  user: CurrentUser;
  store: ConsoleStore;
  connection: ConsoleConnection;
  signOut: () => void;
}

export const ConsoleContext = createContext<ConsoleServices | null>(null);

export function useConsole(): ConsoleServices {
  const services = useContext(ConsoleContext);
  if (services === null) {
    throw new Error('useConsole outside ConsoleContext');
  }
  return services;
}

export function useConsoleState(): ConsoleState {
  const { store } = useConsole();
  return useSyncExternalStore(store.subscribe, store.getState);
}
