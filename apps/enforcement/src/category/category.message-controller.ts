import { ListEnforcementCategories, UpdateEnforcementCategory } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { CategoryService } from './category.service';

export const CategoryMessageController = messageController('CategoryMessageController', { categories: CategoryService }, (on) => [
  on(ListEnforcementCategories, (s, req, a) => s.categories.list(a, req)),
  on(UpdateEnforcementCategory, (s, req, a) => s.categories.update(a, req)),
]);
